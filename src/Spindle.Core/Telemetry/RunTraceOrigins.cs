using System.Collections.Concurrent;
using System.Diagnostics;

namespace Spindle.Core.Telemetry;

/// <summary>
/// The trace context of the request that queued each run, from the queue's hand-off to the executor's pick-up, so
/// the <c>run</c> span is that request's child. In memory only: a run picked up by another node, or after a restart,
/// starts a trace of its own.
/// </summary>
/// <remarks>Thread-safe. Bounded, so runs that are never picked up cannot grow it without limit.</remarks>
public static class RunTraceOrigins
{
    private const int MaxEntries = 10_000;

    private static readonly ConcurrentDictionary<string, ActivityContext> Origins = new(StringComparer.Ordinal);

    public static void Remember(string runId, ActivityContext origin)
    {
        if (origin == default)
            return;
        if (Origins.Count >= MaxEntries)
            Origins.Clear();
        Origins[runId] = origin;
    }

    public static ActivityContext Take(string runId) => Origins.TryRemove(runId, out var origin) ? origin : default;
}
