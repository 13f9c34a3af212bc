using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Spindle.Core.Storage;
using Spindle.Storage.Blobs;
using Spindle.Storage.Postgres;
using Spindle.Storage.Sqlite;

namespace Spindle.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="StorageOptions"/> (validated at start-up), the configured <see cref="IObjectStore"/>
    /// singleton and, for PostgreSQL, the one shared <see cref="NpgsqlDataSource"/>.
    /// </summary>
    /// <remarks>
    /// Migrations run synchronously inside the store's factory, so no caller can ever see an unmigrated store,
    /// whatever order hosted services (run recovery, queues) start in; <see cref="StorageStartup"/> builds the
    /// store during host start-up so that failures surface there.
    /// </remarks>
    public static IServiceCollection AddSpindleStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();

        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (!options.IsPostgres)
            {
                throw new InvalidOperationException(
                    $"NpgsqlDataSource is only available when {StorageOptions.Section}:Provider is '{StorageOptions.Postgres}'.");
            }

            return NpgsqlDataSource.Create(options.ConnectionString!);
        });

        services.AddSingleton<IObjectStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            Directory.CreateDirectory(options.DataDirectory);
            return options.IsPostgres
                ? PostgresObjectStore.Open(provider.GetRequiredService<NpgsqlDataSource>())
                : SqliteObjectStore.Open(options.ResolvedSqlitePath);
        });

        // Resolving IObjectStore first applies the migrations, so the chunks table exists before the first call.
        services.AddSingleton<IChunkStore>(provider => provider.GetRequiredService<IObjectStore>() switch
        {
            SqliteObjectStore sqlite => new SqliteChunkStore(sqlite.Database),
            _ => new PostgresChunkStore(provider.GetRequiredService<NpgsqlDataSource>()),
        });

        services.AddSingleton<IBlobStore>(provider =>
            FileSystemBlobStore.Open(provider.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory));

        services.AddHostedService<StorageStartup>();
        return services;
    }
}
