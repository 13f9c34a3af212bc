using Microsoft.Extensions.Options;
using Spindle.Core;
using Spindle.Core.Storage;
using Spindle.Core.VectorStores;

namespace Spindle.Server.Hosting;

/// <summary>
/// Feeds queued vector-store files to the ingestor, at most <see cref="VectorStoreOptions.MaxConcurrentIngestions"/>
/// at a time. At start-up it first re-queues every file left <c>in_progress</c> by a previous process.
/// </summary>
internal sealed partial class IngestionHost(
    IngestionQueue queue, VectorStoreIngestor ingestor, IObjectStore store, IOptions<VectorStoreOptions> options, ILogger<IngestionHost> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(options.Value.MaxConcurrentIngestions);
        var running = new List<Task>();
        try
        {
            await RecoverAsync(stoppingToken);
            await foreach (var job in queue.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await ingestor.IngestAsync(job, stoppingToken);
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

    // The caller's BYOK key died with the old process; these files embed with the provider's own key.
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var pending = await store.FindByTagAsync(Kinds.VectorStoreFiles.Name, [FileStatus.InProgress], cancellationToken);
        foreach (var (tenant, row) in pending)
        {
            var file = Kinds.VectorStoreFiles.Read(row);
            queue.Enqueue(new IngestionJob(tenant, file.VectorStoreId, file.Id, ApiKey: null));
        }

        if (pending.Count > 0)
        {
            Log.Recovered(logger, pending.Count);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.IngestionRecovered, Level = LogLevel.Information, Message = "Re-queued {Count} vector-store files left in progress")]
        public static partial void Recovered(ILogger logger, int count);
    }
}
