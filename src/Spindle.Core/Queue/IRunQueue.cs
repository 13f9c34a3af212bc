namespace Spindle.Core.Queue;

/// <summary>
/// Runs waiting for this node's executor. In-process on one node (<see cref="ChannelRunQueue"/>); on PostgreSQL a
/// durable queue of leases on the run rows, shared by every node.
/// </summary>
/// <remarks>Thread-safe; any number of writers, one reader (the executor host).</remarks>
public interface IRunQueue
{
    /// <summary>
    /// Hands a run to this node's executor. Called by whoever just made the run executable (created it, resumed it
    /// with tool outputs, cancelled it while paused), which also holds the caller's stream and upstream key.
    /// </summary>
    ValueTask EnqueueAsync(RunWorkItem item, CancellationToken cancellationToken);

    IAsyncEnumerable<RunWorkItem> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The executor is done with <paramref name="item"/>, the instance <see cref="ReadAllAsync"/> gave it: the run
    /// paused, ended, or this node is stopping.
    /// </summary>
    ValueTask CompleteAsync(RunWorkItem item, CancellationToken cancellationToken);

    /// <summary>Interrupts the run's current turn on whichever node executes it (a cancel request).</summary>
    ValueTask InterruptAsync(string runId, CancellationToken cancellationToken);
}
