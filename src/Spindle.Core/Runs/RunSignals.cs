using System.Collections.Concurrent;

namespace Spindle.Core.Runs;

/// <summary>
/// The cancel signal of each run the executor is working on in this process, so <c>POST …/cancel</c> can interrupt
/// it; also what keeps one run from being executed twice at once here.
/// </summary>
public sealed class RunSignals
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers a run; the returned source is linked to <paramref name="stopping"/> and unregisters on dispose.
    /// Null when the run is already registered (an execution of it is under way in this process).
    /// </summary>
    public Registration? TryRegister(string runId, CancellationToken stopping)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (!_running.TryAdd(runId, source))
        {
            source.Dispose();
            return null;
        }

        return new Registration(this, runId, source);
    }

    public bool IsRunning(string runId) => _running.ContainsKey(runId);

    public void Cancel(string runId)
    {
        if (_running.TryGetValue(runId, out var source))
        {
            source.Cancel();
        }
    }

    public sealed class Registration(RunSignals signals, string runId, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            signals._running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(runId, source));
            source.Dispose();
        }
    }
}
