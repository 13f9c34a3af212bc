using System.Diagnostics;
using Npgsql;
using Spindle.Core.Storage;
using Spindle.Storage.Migrations;
using Spindle.Storage.Postgres;

namespace Spindle.Storage.Tests.Postgres;

/// <summary>
/// A migrated PostgreSQL store. Uses the server named by <c>SPINDLE_TEST_POSTGRES</c>; when that is unset, starts a
/// throwaway server with scripts/start-postgres.sh for this test run and stops it at the end.
/// Missing PostgreSQL binaries fail the tests: they are never skipped.
/// </summary>
public sealed class PostgresFixture : IStoreFixture, IAsyncLifetime
{
    public const string EnvironmentVariable = "SPINDLE_TEST_POSTGRES";

    private readonly List<string> _schemas = [];
    private string? _serverDirectory;
    private NpgsqlDataSource? _dataSource;
    private PostgresObjectStore? _store;

    public string ConnectionString { get; private set; } = "";

    public IObjectStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The one data source of <see cref="Store"/>, for other PostgreSQL components under test (the chunk store).</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The fixture is not initialized.");

    public int ScriptCount => Migrator.Scripts("postgres").Count;

    public async ValueTask InitializeAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            _serverDirectory = Path.Combine(Path.GetTempPath(), $"spindle-pg-{Guid.NewGuid():N}");
            try
            {
                connectionString = await StartServerAsync(_serverDirectory);
            }
            catch
            {
                await DisposeAsync();
                throw;
            }
        }

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
        var (dataSource, serverDirectory) = (_dataSource, _serverDirectory);
        (_dataSource, _serverDirectory) = (null, null);
        if (dataSource is not null)
        {
            // A server of our own is about to be thrown away; a shared one keeps only its objects table.
            if (serverDirectory is null)
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
        if (serverDirectory is not null)
        {
            await RunScriptAsync("stop-postgres.sh", serverDirectory);
        }
    }

    private static async Task<string> StartServerAsync(string directory)
    {
        var output = await RunScriptAsync("start-postgres.sh", directory);
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith(EnvironmentVariable + "=", StringComparison.Ordinal));
        return line?[(EnvironmentVariable.Length + 1)..].Trim()
            ?? throw new InvalidOperationException($"scripts/start-postgres.sh printed no {EnvironmentVariable} line:\n{output}");
    }

    private static async Task<string> RunScriptAsync(string name, string argument)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", name);
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { script, argument },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            var hint = process.ExitCode == 2
                ? "PostgreSQL 15 is not installed: run scripts/install-deps.sh, or point SPINDLE_TEST_POSTGRES at a server.\n"
                : "";
            throw new InvalidOperationException($"{hint}{script} {argument} exited with {process.ExitCode}:\n{await stderr}{await stdout}");
        }

        return await stdout;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Spindle.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Spindle.slnx above {AppContext.BaseDirectory}; cannot find scripts/.");
    }
}
