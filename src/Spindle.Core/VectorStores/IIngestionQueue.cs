namespace Spindle.Core.VectorStores;

/// <summary>
/// Vector-store files waiting to be ingested on this node. In-process on one node (<see cref="IngestionQueue"/>); on
/// PostgreSQL a lease on each file's row, so a file whose node dies is ingested by another.
/// </summary>
/// <remarks>Thread-safe; one reader (the ingestion host), any number of writers.</remarks>
public interface IIngestionQueue
{
    void Enqueue(IngestionJob job);

    IAsyncEnumerable<IngestionJob> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Takes the job for this node just before it is ingested; null when another node has it.</summary>
    ValueTask<IngestionJob?> StartAsync(IngestionJob job, CancellationToken cancellationToken);

    /// <summary>This node is done with the job (ingested, failed, or stopping).</summary>
    ValueTask CompleteAsync(IngestionJob job, CancellationToken cancellationToken);
}
