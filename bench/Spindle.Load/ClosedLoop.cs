namespace Spindle.Load;

/// <summary>
/// <c>concurrency</c> workers, each starting its next request as soon as its last one ends, until <c>total</c>
/// requests have started or the time budget is spent: a bounded count and a bounded time.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<List<T>> RunAsync<T>(int concurrency, int total, TimeSpan budget, Func<int, CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        var results = new List<T>(total);
        var started = 0;
        var deadline = DateTime.UtcNow + budget;
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            while (DateTime.UtcNow < deadline && Interlocked.Increment(ref started) <= total)
            {
                var result = await request(worker, cancellationToken);
                lock (results)
                {
                    results.Add(result);
                }
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        return results;
    }
}
