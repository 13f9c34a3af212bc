using Spindle.Core;
using Spindle.Core.Queue;
using Spindle.Core.Runs;
using Spindle.Core.Storage;
using Spindle.Core.Wire;

namespace Spindle.Server.Hosting;

/// <summary>
/// At start-up on a single node, picks up the runs that were active when the process stopped: queued and cancelling
/// runs go back to the executor, paused runs get their expiry clock again, and the executor fails a run that was
/// mid-turn, because the upstream call it was in is gone. On PostgreSQL the run leases do this instead
/// (<c>ClusterKeeper</c>), because another node's active runs are not this process's to recover.
/// </summary>
internal sealed partial class RunRecovery(IObjectStore store, IRunQueue queue, RunExpiry expiry, ILogger<RunRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var rows = await store.FindByTagAsync(Kinds.Runs.Name, RunStatus.Active, cancellationToken);
        foreach (var (tenant, row) in rows)
        {
            var run = Kinds.Runs.Read(row);
            switch (run.Status)
            {
                case RunStatus.RequiresAction:
                    expiry.Schedule(tenant, run);
                    break;
                default:
                    // Queued and cancelling runs go on; the executor fails one that was in progress.
                    await queue.EnqueueAsync(new RunWorkItem(tenant, run.ThreadId, run.Id, null), cancellationToken);
                    break;
            }
        }

        if (rows.Count > 0)
        {
            Log.Recovered(logger, rows.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.RunsRecovered, Level = LogLevel.Information, Message = "Recovered {Count} active runs from the store")]
        public static partial void Recovered(ILogger logger, int count);
    }
}
