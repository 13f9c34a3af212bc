using Microsoft.Extensions.Options;
using Spindle.Core.VectorStores;

namespace Spindle.Server.Hosting;

/// <summary>
/// Feeds queued vector-store files to the ingestor, at most <see cref="VectorStoreOptions.MaxConcurrentIngestions"/>
/// at a time.
/// </summary>
internal sealed class IngestionHost(IIngestionQueue queue, VectorStoreIngestor ingestor, IOptions<VectorStoreOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(options.Value.MaxConcurrentIngestions);
        var running = new List<Task>();
        try
        {
            await foreach (var queued in queue.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        if (await queue.StartAsync(queued, stoppingToken) is { } job)
                        {
                            await ingestor.IngestAsync(job, stoppingToken);
                            await queue.CompleteAsync(job, CancellationToken.None);
                        }
                    }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                    {
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
