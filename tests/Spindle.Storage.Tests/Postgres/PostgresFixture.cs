using Npgsql;
using Spindle.Core.Storage;
using Spindle.Storage.Migrations;
using Spindle.Storage.Postgres;
using Spindle.Testing;

namespace Spindle.Storage.Tests.Postgres;

/// <summary>
/// A migrated PostgreSQL store. Uses the server named by <c>SPINDLE_TEST_POSTGRES</c>; when that is unset, starts a
/// throwaway server with scripts/start-postgres.sh for this test run and stops it at the end.
/// Missing PostgreSQL binaries fail the tests: they are never skipped.
/// </summary>
public sealed class PostgresFixture : IStoreFixture, IAsyncLifetime
{
    private readonly List<string> _schemas = [];
    private PostgresServer? _server;
    private NpgsqlDataSource? _dataSource;
    private PostgresObjectStore? _store;

    public string ConnectionString { get; private set; } = "";

    public IObjectStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The one data source of <see cref="Store"/>, for other PostgreSQL components under test (the chunk store).</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The fixture is not initialized.");

    public int ScriptCount => Migrator.Scripts("postgres").Count;

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        var connectionString = _server.ConnectionString;
        ConnectionString = connectionString;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            _store = PostgresObjectStore.Open(_dataSource);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public int MigrateStore() => _store!.Migrate();

    // A schema with nothing in it stands in for an empty database: the migrator only uses unqualified names.
    public async Task<string> CreateEmptyDatabaseAsync(CancellationToken cancellationToken)
    {
        var schema = $"empty_{Guid.NewGuid():N}";
        await using (var command = _dataSource!.CreateCommand($"CREATE SCHEMA {schema}"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema, Pooling = false }.ToString();
    }

    // A data source of its own per call, as a second process starting at the same time would have.
    public int Migrate(string database)
    {
        using var dataSource = NpgsqlDataSource.Create(database);
        return new PostgresObjectStore(dataSource).Migrate();
    }

    public async ValueTask DisposeAsync()
    {
        var (dataSource, server) = (_dataSource, _server);
        (_dataSource, _server) = (null, null);
        if (dataSource is not null)
        {
            // A server of our own is about to be thrown away; a shared one keeps only its objects table.
            if (server?.IsOwn != true)
            {
                foreach (var schema in _schemas)
                {
                    await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
                    await command.ExecuteNonQueryAsync();
                }
            }

            await dataSource.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
