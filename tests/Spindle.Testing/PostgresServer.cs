using System.Diagnostics;
using Npgsql;

namespace Spindle.Testing;

/// <summary>
/// A PostgreSQL server for tests: the one named by <c>SPINDLE_TEST_POSTGRES</c>, or else a throwaway server that
/// scripts/start-postgres.sh starts on a free loopback port and <see cref="DisposeAsync"/> stops. Missing PostgreSQL
/// binaries fail the tests with a hint: they are never skipped.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "SPINDLE_TEST_POSTGRES";

    private readonly string? _directory;

    private PostgresServer(string connectionString, string? directory) => (ConnectionString, _directory) = (connectionString, directory);

    public string ConnectionString { get; }

    /// <summary>Whether the server is this test run's own (and is thrown away), not a shared one.</summary>
    public bool IsOwn => _directory is not null;

    public static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } shared)
        {
            return new PostgresServer(shared, null);
        }

        return await StartOwnAsync();
    }

    /// <summary>Starts a throwaway server even when a shared one is named, for tests that stop it.</summary>
    public static async Task<PostgresServer> StartOwnAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"spindle-pg-{Guid.NewGuid():N}");
        var output = await RunScriptAsync("start-postgres.sh", directory);
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith(EnvironmentVariable + "=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"scripts/start-postgres.sh printed no {EnvironmentVariable} line:\n{output}");
        return new PostgresServer(line[(EnvironmentVariable.Length + 1)..].Trim(), directory);
    }

    /// <summary>Stops this test run's own server, keeping its data and port, until <see cref="ResumeAsync"/>.</summary>
    public Task PauseAsync() => RunScriptAsync("pause-postgres.sh", OwnDirectory, "stop");

    public Task ResumeAsync() => RunScriptAsync("pause-postgres.sh", OwnDirectory, "start");

    private string OwnDirectory => _directory ?? throw new InvalidOperationException("Only a server this test run started can be paused.");

    /// <summary>Creates a schema of its own on the server and returns a connection string whose search path is that schema.</summary>
    public async Task<string> CreateSchemaAsync(string prefix)
    {
        var schema = $"{prefix}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is not null)
        {
            await RunScriptAsync("stop-postgres.sh", _directory);
        }
    }

    private static async Task<string> RunScriptAsync(string name, params string[] arguments)
    {
        var script = Path.Combine(Repository.Root, "scripts", name);
        var argument = string.Join(' ', arguments);
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { script },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

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
}
