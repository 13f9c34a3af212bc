using System.Diagnostics;
using System.Runtime.CompilerServices;
using Spindle.Core.Queue;
using Spindle.Core.Telemetry;

namespace Spindle.Server.Hosting;

/// <summary>
/// Wraps the registered <see cref="IRunQueue"/>: counts <c>spindle.runs.queue_depth</c> and remembers the trace
/// context of the request that queued each run, so the executor's <c>run</c> span is its child.
/// </summary>
internal sealed class InstrumentedRunQueue(IRunQueue inner) : IRunQueue
{
    public ValueTask EnqueueAsync(RunWorkItem item, CancellationToken cancellationToken)
    {
        RunTraceOrigins.Remember(item.RunId, Activity.Current?.Context ?? default);
        SpindleTelemetry.QueuedRuns.Add(1);
        return inner.EnqueueAsync(item, cancellationToken);
    }

    public async IAsyncEnumerable<RunWorkItem> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in inner.ReadAllAsync(cancellationToken))
        {
            SpindleTelemetry.QueuedRuns.Add(-1);
            yield return item;
        }
    }

    public ValueTask CompleteAsync(RunWorkItem item, CancellationToken cancellationToken) => inner.CompleteAsync(item, cancellationToken);

    public ValueTask InterruptAsync(string runId, CancellationToken cancellationToken) => inner.InterruptAsync(runId, cancellationToken);
}
