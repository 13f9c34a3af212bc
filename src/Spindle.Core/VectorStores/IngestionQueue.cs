using System.Threading.Channels;

namespace Spindle.Core.VectorStores;

/// <summary>
/// The files waiting to be ingested on this node, in arrival order. Unbounded: a job is a few ids, and the row it
/// points at is already stored as <c>in_progress</c>, so a restart re-queues whatever was pending (IngestionHost).
/// </summary>
/// <remarks>Thread-safe; one reader (the ingestion host), any number of writers.</remarks>
public sealed class IngestionQueue
{
    private readonly Channel<IngestionJob> _jobs = Channel.CreateUnbounded<IngestionJob>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(IngestionJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _jobs.Writer.TryWrite(job);
        Telemetry.SpindleTelemetry.IngestionBacklog.Add(1);
    }

    public IAsyncEnumerable<IngestionJob> ReadAllAsync(CancellationToken cancellationToken) => _jobs.Reader.ReadAllAsync(cancellationToken);
}
