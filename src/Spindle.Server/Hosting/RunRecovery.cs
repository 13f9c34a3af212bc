using Spindle.Core;
using Spindle.Core.Queue;
using Spindle.Core.Runs;
using Spindle.Core.Runs.Execution;
using Spindle.Core.Storage;
using Spindle.Core.Wire;

namespace Spindle.Server.Hosting;

/// <summary>
/// At start-up, picks up the runs that were active when the process stopped: queued and cancelling runs go back
/// to the executor, paused runs get their expiry clock again, and a run that was mid-turn fails, because the
/// upstream call it was in is gone.
/// </summary>
internal sealed partial class RunRecovery(IObjectStore store, IRunQueue queue, RunExpiry expiry, RunFinalizer finalizer, ILogger<RunRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var rows = await store.FindByTagAsync(Kinds.Runs.Name, RunStatus.Active, cancellationToken);
        foreach (var (tenant, row) in rows)
        {
            var run = Kinds.Runs.Read(row);
            switch (run.Status)
            {
                case RunStatus.Queued or RunStatus.Cancelling:
                    await queue.EnqueueAsync(new RunWorkItem(tenant, run.ThreadId, run.Id, null), cancellationToken);
                    break;
                case RunStatus.RequiresAction:
                    expiry.Schedule(tenant, run);
                    break;
                case RunStatus.InProgress:
                    await finalizer.EndAsync(tenant, run.Id, RunEnding.Failed("server_error", "The server restarted while the run was in progress."), cancellationToken);
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
