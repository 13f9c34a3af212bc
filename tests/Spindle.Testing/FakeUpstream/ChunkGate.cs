namespace Spindle.Testing;

/// <summary>
/// Holds a streamed script back chunk by chunk. Chunk 0 may go at once; chunk <c>k</c> goes only after
/// <see cref="Release"/> was called <c>k</c> times, so a test can prove it saw delta <c>k - 1</c> before
/// delta <c>k</c> was even sent. Pass <see cref="WaitAsync"/> to <see cref="Script.HoldEachChunkUntil"/>.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class ChunkGate
{
    private readonly Lock _lock = new();
    private readonly List<(int Index, TaskCompletionSource Opened)> _waiting = [];
    private int _released;

    /// <summary>Completes when chunk <paramref name="index"/> may be sent.</summary>
    public Task WaitAsync(int index)
    {
        lock (_lock)
        {
            if (index <= _released)
                return Task.CompletedTask;

            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((index, opened));
            return opened.Task;
        }
    }

    /// <summary>Lets one more chunk through.</summary>
    public void Release() => Open(static released => released == int.MaxValue ? released : released + 1);

    /// <summary>Lets every remaining chunk through.</summary>
    public void ReleaseAll() => Open(static _ => int.MaxValue);

    private void Open(Func<int, int> next)
    {
        List<TaskCompletionSource> open = [];
        lock (_lock)
        {
            _released = next(_released);
            foreach (var waiter in _waiting.Where(w => w.Index <= _released))
                open.Add(waiter.Opened);
            _waiting.RemoveAll(w => w.Index <= _released);
        }

        foreach (var opened in open)
            opened.TrySetResult();
    }
}
