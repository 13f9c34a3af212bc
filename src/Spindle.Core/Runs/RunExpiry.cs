using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Spindle.Core.Runs.Execution;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs;

/// <summary>
/// Expires a run left in <c>requires_action</c> when its <c>expires_at</c> passes (ten minutes after creation,
/// ASSISTANTS_API.md §4). Timers come from the injected <see cref="TimeProvider"/>, so tests advance a fake clock.
/// </summary>
public sealed partial class RunExpiry(IObjectStore store, RunFinalizer finalizer, TimeProvider time, ILogger<RunExpiry> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, ITimer> _timers = new(StringComparer.Ordinal);

    public void Schedule(TenantId tenant, Run run)
    {
        var due = DateTimeOffset.FromUnixTimeSeconds(run.ExpiresAt ?? 0) - time.GetUtcNow();
        var timer = time.CreateTimer(_ => _ = ExpireAsync(tenant, run.Id), null, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        if (_timers.TryGetValue(run.Id, out var previous))
        {
            previous.Dispose();
        }

        _timers[run.Id] = timer;
    }

    public void Dispose()
    {
        foreach (var timer in _timers.Values)
        {
            timer.Dispose();
        }
    }

    private async Task ExpireAsync(TenantId tenant, string runId)
    {
        if (_timers.TryRemove(runId, out var timer))
        {
            await timer.DisposeAsync();
        }

        try
        {
            var run = await store.GetAsync(tenant, Kinds.Runs, runId, CancellationToken.None);
            if (run?.Status == RunStatus.RequiresAction)
            {
                await finalizer.EndAsync(tenant, runId, RunEnding.Expired, CancellationToken.None);
                Log.RunExpired(logger, runId);
            }
        }
        catch (Exception e)
        {
            Log.ExpiryFailed(logger, runId, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.RunExpired, Level = LogLevel.Information, Message = "Run {RunId} expired waiting for tool outputs")]
        public static partial void RunExpired(ILogger logger, string runId);

        [LoggerMessage(EventId = LogEvents.RunExpiryFailed, Level = LogLevel.Error, Message = "Run {RunId} could not be expired")]
        public static partial void ExpiryFailed(ILogger logger, string runId, Exception exception);
    }
}
