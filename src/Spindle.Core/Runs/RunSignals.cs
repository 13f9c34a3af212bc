using System.Collections.Concurrent;

namespace Spindle.Core.Runs;

/// <summary>The cancel signal of each run the executor is working on, so <c>POST …/cancel</c> can interrupt it.</summary>
public sealed class RunSignals
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    /// <summary>Registers a run; the returned source is linked to <paramref name="stopping"/> and unregisters on dispose.</summary>
    public Registration Register(string runId, CancellationToken stopping)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[runId] = source;
        return new Registration(this, runId, source);
    }

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
