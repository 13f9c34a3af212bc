using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Spindle.Core.Storage;
using Spindle.Core.Queue;
using Spindle.Core.Streaming;
using Spindle.Core.VectorStores;
using Spindle.Storage.Blobs;
using Spindle.Storage.Cluster;
using Spindle.Storage.Postgres;
using Spindle.Storage.Sqlite;

namespace Spindle.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="StorageOptions"/> (validated at start-up), the configured <see cref="IObjectStore"/>
    /// singleton and, for PostgreSQL, the one shared <see cref="NpgsqlDataSource"/> and <see cref="FirstAnalyze"/>.
    /// </summary>
    /// <remarks>
    /// The store starts opening (and migrating) here, beside the building of the host (<see cref="StoreOpening"/>). Its
    /// singleton waits for the opening, so no caller can ever see an unmigrated store, whatever order hosted services
    /// (run recovery, queues) start in; <see cref="StorageStartup"/> asks for it during host start-up so that failures
    /// surface there.
    /// </remarks>
    public static IServiceCollection AddSpindleStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();

        var opening = StoreOpening.Start(configuration);
        services.AddSingleton<NpgsqlDataSource>(opening.PostgresDataSource);
        services.AddSingleton<IObjectStore>(opening.Store);

        // Resolving IObjectStore first applies the migrations, so the chunks table exists before the first call.
        services.AddSingleton<IChunkStore>(provider => provider.GetRequiredService<IObjectStore>() switch
        {
            SqliteObjectStore sqlite => new SqliteChunkStore(sqlite.Database),
            _ => new PostgresChunkStore(provider.GetRequiredService<NpgsqlDataSource>()),
        });

        services.AddSingleton<IBlobStore>(provider => provider.GetRequiredService<IOptions<StorageOptions>>().Value switch
        {
            { BlobDirectory: { Length: > 0 } shared } => FileSystemBlobStore.Open(shared),
            { IsPostgres: true } => new PostgresBlobStore(provider.GetRequiredService<NpgsqlDataSource>()),
            var options => FileSystemBlobStore.Open(options.DataDirectory),
        });

        services.AddHostedService<StorageStartup>();
        if (IsPostgres(configuration))
        {
            services.TryAddSingleton(TimeProvider.System);
            services.AddHostedService<FirstAnalyze>();
        }

        return services;
    }

    /// <summary>
    /// The connections a node keeps to PostgreSQL unless its connection string says: four per core of this machine,
    /// 8 to 64. Two are held for good (the LISTEN connection and the lease keeper's).
    /// </summary>
    public static int MaxPoolSize(int processorCount) => Math.Clamp(4 * processorCount, 8, 64);

    /// <summary>Whether the configured store is PostgreSQL, which makes this process one node of possibly several.</summary>
    public static bool IsPostgres(IConfiguration configuration) =>
        string.Equals(configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"], StorageOptions.Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// On PostgreSQL, the run queue, event hub and ingestion queue that several nodes on one database share, and the
    /// keeper of their leases; they need the run services of the core (signals, finalizer) registered beside them.
    /// </summary>
    public static IServiceCollection AddSpindleCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.Section)).ValidateOnStart()
            .Validate(o => o.LeaseSeconds is >= 1 and <= 3_600, $"{ClusterOptions.Section}:{nameof(ClusterOptions.LeaseSeconds)} must be between 1 and 3600.");
        services.AddSingleton<ClusterNode>();
        services.AddSingleton<WorkLeases>();
        services.AddSingleton<ClusterNotifications>();
        services.AddHostedService(provider => provider.GetRequiredService<ClusterNotifications>());
        services.AddSingleton<PostgresRunQueue>();
        services.AddSingleton<IRunQueue>(provider => provider.GetRequiredService<PostgresRunQueue>());
        services.AddSingleton<IRunEventHub, PostgresRunEventHub>();
        services.AddSingleton<IIngestionQueue, PostgresIngestionQueue>();
        services.AddHostedService<ClusterKeeper>();
        return services;
    }
}
