namespace Spindle.Core.Queue;

/// <summary>Runs waiting for the executor. In-process on one node; durable on PostgreSQL in a multi-node setup.</summary>
/// <remarks>Thread-safe; any number of writers, one reader (the executor host).</remarks>
public interface IRunQueue
{
    ValueTask EnqueueAsync(RunWorkItem item, CancellationToken cancellationToken);

    IAsyncEnumerable<RunWorkItem> ReadAllAsync(CancellationToken cancellationToken);
}
