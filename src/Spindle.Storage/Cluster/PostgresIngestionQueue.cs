using System.Threading.Channels;
using Spindle.Core.Storage;
using Spindle.Core.VectorStores;

namespace Spindle.Storage.Cluster;

/// <summary>
/// The ingestion queue of nodes sharing one PostgreSQL: a file is ingested by the node that attached it, under a lease
/// on its row taken when ingestion starts; a file whose lease runs out (its node died, or it waited too long here) is
/// claimed by another node (<see cref="ClusterKeeper"/>), and this node then skips it.
/// </summary>
internal sealed class PostgresIngestionQueue(WorkLeases leases) : IIngestionQueue
{
    /// <summary>File statuses that are work for the ingestor.</summary>
    public static readonly string[] Ingestible = [FileStatus.InProgress];

    private readonly Channel<IngestionJob> _jobs = Channel.CreateUnbounded<IngestionJob>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(IngestionJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _jobs.Writer.TryWrite(job);
    }

    public IAsyncEnumerable<IngestionJob> ReadAllAsync(CancellationToken cancellationToken) => _jobs.Reader.ReadAllAsync(cancellationToken);

    public async ValueTask<IngestionJob?> StartAsync(IngestionJob job, CancellationToken cancellationToken)
    {
        if (job.Lease is not null)
        {
            return job;
        }

        var rowId = Kinds.VectorStoreFileRowId(job.VectorStoreId, job.FileId);
        var lease = await leases.TakeAsync(job.Tenant, Kinds.VectorStoreFiles.Name, rowId, Ingestible, cancellationToken);
        return lease is null ? null : job with { Lease = lease };
    }

    public async ValueTask CompleteAsync(IngestionJob job, CancellationToken cancellationToken)
    {
        if (job.Lease is not null)
        {
            await leases.ReleaseAsync(Kinds.VectorStoreFiles.Name, Kinds.VectorStoreFileRowId(job.VectorStoreId, job.FileId), job.Lease, cancellationToken);
        }
    }
}
