using Microsoft.Extensions.Options;
using Spindle.Core.Queue;
using Spindle.Core.Runs;
using Spindle.Core.Runs.Execution;

namespace Spindle.Server.Hosting;

/// <summary>Feeds queued runs to the executor, at most <see cref="RunOptions.MaxConcurrentRuns"/> at a time.</summary>
internal sealed class RunExecutorHost(IRunQueue queue, RunExecutor executor, IOptions<RunOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(options.Value.MaxConcurrentRuns);
        var running = new List<Task>();
        try
        {
            await foreach (var item in queue.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        if (await executor.ExecuteAsync(item, stoppingToken))
                        {
                            await queue.CompleteAsync(item, CancellationToken.None);
                        }
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running);
    }
}
