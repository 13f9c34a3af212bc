using Spindle.Core;
using Spindle.Core.Storage;
using Spindle.Core.VectorStores;

namespace Spindle.Server.Hosting;

/// <summary>
/// At start-up on a single node, re-queues every vector-store file a previous process left <c>in_progress</c>. On
/// PostgreSQL the file leases do this instead (<c>ClusterKeeper</c>).
/// </summary>
internal sealed partial class IngestionRecovery(IObjectStore store, IIngestionQueue queue, ILogger<IngestionRecovery> logger) : IHostedService
{
    // The caller's BYOK key died with the old process; these files embed with the provider's own key.
    public async Task StartAsync(CancellationToken cancellationToken)
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.IngestionRecovered, Level = LogLevel.Information, Message = "Re-queued {Count} vector-store files left in progress")]
        public static partial void Recovered(ILogger logger, int count);
    }
}
