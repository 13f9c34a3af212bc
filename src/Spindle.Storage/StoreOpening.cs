using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Spindle.Core.Storage;
using Spindle.Storage.Postgres;
using Spindle.Storage.Sqlite;

namespace Spindle.Storage;

/// <summary>
/// The configured store, opening on a thread-pool thread from the moment storage is registered: the file is opened or
/// the database connected, and migrated, while the host is still being built on the main thread, and the store
/// singleton waits for what is left of it.
/// </summary>
/// <remarks>
/// Building the host is work for one core, and opening the store is mostly waiting: on PostgreSQL, a connection's
/// handshake and authentication, then the migration's round trips. Options that do not validate start nothing; asking
/// for the store then reports them, as <see cref="StorageOptionsValidator"/> words them. An opening that failed
/// (an unreachable database, a failing migration) throws its exception where the store is asked for, which is while
/// the host starts (<see cref="StorageStartup"/>).
/// </remarks>
internal sealed class StoreOpening
{
    private readonly Task<IObjectStore>? _store;

    // The data source the store and every other PostgreSQL user share; null on SQLite.
    private readonly NpgsqlDataSource? _dataSource;

    private StoreOpening(StorageOptions options)
    {
        if (!new StorageOptionsValidator().Validate(null, options).Succeeded)
        {
            return;
        }

        NpgsqlDataSource? dataSource;
        try
        {
            dataSource = options.IsPostgres ? CreateDataSource(options.ConnectionString!) : null;
        }
        catch (ArgumentException e)
        {
            // A connection string Npgsql cannot read.
            _store = Task.FromException<IObjectStore>(e);
            return;
        }

        _dataSource = dataSource;
        _store = Task.Run(IObjectStore () =>
        {
            CreateDataDirectory(options.DataDirectory);
            return dataSource is not null ? PostgresObjectStore.Open(dataSource) : OpenSqlite(options.ResolvedSqlitePath);
        });
    }

    // The operating system's and SQLite's own words do not say which setting or file they are about.
    private static void CreateDataDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{StorageOptions.Section}:{nameof(StorageOptions.DataDirectory)} '{path}' could not be created", e);
        }
    }

    private static SqliteObjectStore OpenSqlite(string path)
    {
        try
        {
            return SqliteObjectStore.Open(path);
        }
        catch (SqliteException e)
        {
            throw new IOException($"The SQLite database '{path}' could not be opened", e);
        }
    }

    /// <summary>Starts opening the store the configuration names.</summary>
    public static StoreOpening Start(IConfiguration configuration) =>
        new(configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions());

    /// <summary>The opened store, once it is; throws what its opening threw.</summary>
    public IObjectStore Store(IServiceProvider provider) => _store?.GetAwaiter().GetResult() ?? throw InvalidOptions(provider);

    /// <summary>The shared data source; throws what the opening threw, or when the store is not PostgreSQL.</summary>
    public NpgsqlDataSource PostgresDataSource(IServiceProvider provider)
    {
        if (_dataSource is { } dataSource)
        {
            return dataSource;
        }

        _ = Store(provider);
        throw new InvalidOperationException($"NpgsqlDataSource is only available when {StorageOptions.Section}:Provider is '{StorageOptions.Postgres}'.");
    }

    // Reading the options runs their validation, which throws the message a user should see.
    private static InvalidOperationException InvalidOptions(IServiceProvider provider)
    {
        _ = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        return new InvalidOperationException($"{StorageOptions.Section} did not validate.");
    }

    // Statements a connection runs often are prepared on it, so PostgreSQL parses and plans them once, not per call;
    // Spindle runs a few dozen statement texts. Spindle leaves no session state on a pooled connection (its one LISTEN
    // connection is held until the node stops or the link breaks), so the reset statements Npgsql otherwise sends with
    // every reuse are skipped. The pool is small: every statement is short, and a hundred backends (Npgsql's default)
    // each woken for one statement at a time spend the database's CPU on switching between them; callers beyond the
    // pool wait for a connection in this process instead. A connection string that sets any of the three keeps its own
    // value.
    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Unset(params string[] keywords) => !keywords.Any(given.ContainsKey);
        if (Unset("Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
        {
            connection.MaxPoolSize = StorageServiceCollectionExtensions.MaxPoolSize(Environment.ProcessorCount);
        }

        if (Unset("Max Auto Prepare", "MaxAutoPrepare"))
        {
            connection.MaxAutoPrepare = 64;
        }

        if (Unset("No Reset On Close", "NoResetOnClose"))
        {
            connection.NoResetOnClose = true;
        }

        return NpgsqlDataSource.Create(connection);
    }
}
