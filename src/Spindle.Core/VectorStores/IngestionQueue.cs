using System.Threading.Channels;

namespace Spindle.Core.VectorStores;

/// <summary>
/// The single-node queue of files to ingest, in arrival order. Unbounded: a job is a few ids, and the row it points at
/// is already stored as <c>in_progress</c>, so a restart re-queues whatever was pending (IngestionRecovery).
/// </summary>
public sealed class IngestionQueue : IIngestionQueue
{
    private readonly Channel<IngestionJob> _jobs = Channel.CreateUnbounded<IngestionJob>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(IngestionJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _jobs.Writer.TryWrite(job);
    }

    public IAsyncEnumerable<IngestionJob> ReadAllAsync(CancellationToken cancellationToken) => _jobs.Reader.ReadAllAsync(cancellationToken);

    public ValueTask<IngestionJob?> StartAsync(IngestionJob job, CancellationToken cancellationToken) => ValueTask.FromResult<IngestionJob?>(job);

    public ValueTask CompleteAsync(IngestionJob job, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
