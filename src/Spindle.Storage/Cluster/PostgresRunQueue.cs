using System.Threading.Channels;
using Spindle.Core.Storage;
using Spindle.Core.Queue;
using Spindle.Core.Runs;
using Spindle.Core.Wire;

namespace Spindle.Storage.Cluster;

/// <summary>
/// The run queue of nodes sharing one PostgreSQL: a lease on each run row. The node that makes a run executable takes
/// its lease and executes it, because that node holds the caller's stream and bring-your-own-key key; it renews the
/// lease while the run waits or executes (<see cref="ClusterKeeper"/>), and another node claims the run when the lease
/// runs out. An interrupt for a run executing elsewhere goes out as a notification.
/// </summary>
internal sealed class PostgresRunQueue(WorkLeases leases, ClusterNotifications notifications, RunSignals signals) : IRunQueue
{
    /// <summary>Run statuses that are work for an executor.</summary>
    public static readonly string[] Executable = [RunStatus.Queued, RunStatus.InProgress, RunStatus.Cancelling];

    private readonly Channel<RunWorkItem> _channel = Channel.CreateUnbounded<RunWorkItem>(new UnboundedChannelOptions { SingleReader = true });

    public async ValueTask EnqueueAsync(RunWorkItem item, CancellationToken cancellationToken)
    {
        var lease = await leases.TakeAsync(item.Tenant, Kinds.Runs.Name, item.RunId, onlyIfFree: false, Executable, cancellationToken);
        await _channel.Writer.WriteAsync(item with { Lease = lease }, cancellationToken);
    }

    /// <summary>Queues a run this node claimed after another node's lease ran out.</summary>
    public void EnqueueClaimed(RunWorkItem item) => _channel.Writer.TryWrite(item);

    public IAsyncEnumerable<RunWorkItem> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);

    public async ValueTask CompleteAsync(RunWorkItem item, CancellationToken cancellationToken)
    {
        if (item.Lease is not null)
        {
            await leases.ReleaseAsync(Kinds.Runs.Name, item.RunId, item.Lease, cancellationToken);
        }
    }

    public ValueTask InterruptAsync(string runId, CancellationToken cancellationToken)
    {
        if (signals.IsRunning(runId))
        {
            signals.Cancel(runId);
        }
        else
        {
            notifications.SendInterrupt(runId);
        }

        return ValueTask.CompletedTask;
    }
}
