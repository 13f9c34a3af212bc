using System.Collections.Concurrent;
using System.Threading.Channels;
using Npgsql;
using Spindle.Core.Storage;
using Spindle.Core.Queue;
using Spindle.Core.Runs;
using Spindle.Core.Wire;

namespace Spindle.Storage.Cluster;

/// <summary>
/// The run queue of nodes sharing one PostgreSQL: a lease on each run row. The node that makes a run executable
/// executes it, because that node holds the caller's stream and bring-your-own-key key. It takes the run's lease at
/// the keeper's next tick, within a quarter lease (<see cref="LeaseAcceptedAsync"/>), and renews it while the run waits
/// or executes (<see cref="ClusterKeeper"/>); another node claims the run when the lease runs out. A run that ends
/// before that tick, as most do, never writes a lease. An interrupt for a run executing elsewhere goes out as a
/// notification.
/// </summary>
internal sealed class PostgresRunQueue(WorkLeases leases, ClusterNotifications notifications, RunSignals signals) : IRunQueue
{
    /// <summary>Run statuses that are work for an executor.</summary>
    public static readonly string[] Executable = [RunStatus.Queued, RunStatus.InProgress, RunStatus.Cancelling];

    private readonly Channel<RunWorkItem> _channel = Channel.CreateUnbounded<RunWorkItem>(new UnboundedChannelOptions { SingleReader = true });

    // The runs this node accepted and has not completed, each with the token of its lease: null until one is taken. A
    // run accepted again (tool outputs submitted) before its last execution completed gets a new entry, which that
    // completion leaves alone: entries compare by reference.
    private readonly ConcurrentDictionary<string, Acceptance> _accepted = new();

    public async ValueTask EnqueueAsync(RunWorkItem item, CancellationToken cancellationToken)
    {
        _accepted[item.RunId] = new Acceptance(item, null);
        await _channel.Writer.WriteAsync(item, cancellationToken);
    }

    /// <summary>Queues a run this node claimed, with <paramref name="lease"/>, after another node's lease ran out.</summary>
    public void EnqueueClaimed(RunWorkItem item, string lease)
    {
        _accepted[item.RunId] = new Acceptance(item, lease);
        _channel.Writer.TryWrite(item);
    }

    /// <summary>Takes the lease on every run accepted here that has none yet.</summary>
    public async Task LeaseAcceptedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var unleased = _accepted.Where(static a => a.Value.Lease is null).ToDictionary();
        if (unleased.Count == 0)
        {
            return;
        }

        var (token, taken) = await leases.TakeAcceptedAsync(connection, Kinds.Runs.Name, [.. unleased.Keys], Executable, cancellationToken);
        foreach (var runId in taken)
        {
            var accepted = unleased[runId];
            if (!_accepted.TryUpdate(runId, new Acceptance(accepted.Item, token), accepted))
            {
                // The run completed while the lease was being taken: nobody else will drop it.
                await leases.ReleaseAsync(Kinds.Runs.Name, runId, token, cancellationToken);
            }
        }
    }

    public IAsyncEnumerable<RunWorkItem> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);

    public async ValueTask CompleteAsync(RunWorkItem item, CancellationToken cancellationToken)
    {
        while (_accepted.TryGetValue(item.RunId, out var accepted) && ReferenceEquals(accepted.Item, item))
        {
            if (_accepted.TryRemove(KeyValuePair.Create(item.RunId, accepted)))
            {
                if (accepted.Lease is not null)
                {
                    await leases.ReleaseAsync(Kinds.Runs.Name, item.RunId, accepted.Lease, cancellationToken);
                }

                return;
            }
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

    /// <summary>One acceptance of a run, with its lease once taken; a class, so that two acceptances never compare equal.</summary>
    private sealed class Acceptance(RunWorkItem item, string? lease)
    {
        public RunWorkItem Item { get; } = item;

        public string? Lease { get; } = lease;
    }
}
