using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Spindle.Server.Tests.Postgres;
using Spindle.Storage;
using Spindle.Testing;

namespace Spindle.Server.Tests.Health;

/// <summary>Spindle on a PostgreSQL server of its own, which the test may stop and start again.</summary>
public sealed class OwnPostgresSpindle : PostgresSpindle
{
    protected override Task<PostgresServer> StartServerAsync() => PostgresServer.StartOwnAsync();
}

/// <summary>
/// <c>/readyz</c> is 503 while the database is unreachable or behind this build's migrations, and says which; it
/// reports the sandbox and the embedding model either way. <c>/healthz</c> stays 200: the process is alive.
/// </summary>
public sealed class ReadinessTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Ready_reports_the_database_sandbox_and_embedding_model()
    {
        var ct = TestContext.Current.CancellationToken;

        var ready = await spindle.GetAsync("/readyz", ct);

        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("ready", ready.Json.GetProperty("status").GetString());
        var database = ready.Json.GetProperty("database");
        Assert.Equal(("sqlite", "ok"), (database.GetProperty("provider").GetString(), database.GetProperty("status").GetString()));
        Assert.Equal(database.GetProperty("expected_schema_version").GetInt32(), database.GetProperty("schema_version").GetInt32());
        Assert.Equal("fake/fake-embedding", ready.Json.GetProperty("embeddings").GetProperty("model").GetString());
        var sandbox = ready.Json.GetProperty("sandbox");
        Assert.Equal(spindle.Services.GetRequiredService<Spindle.Core.Tools.ICodeSandbox>().CheckAvailability().IsAvailable, sandbox.GetProperty("available").GetBoolean());
        Assert.NotEmpty(sandbox.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task A_database_behind_the_builds_migrations_is_not_ready_until_migrated()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = spindle.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ResolvedSqlitePath;
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(ct);
        var newest = await ScalarAsync(connection, "SELECT max(version) FROM schema_migrations", ct);

        await ScalarAsync(connection, $"DELETE FROM schema_migrations WHERE version = {newest}", ct);
        var behind = await spindle.GetAsync("/readyz", ct);
        var alive = await spindle.GetAsync("/healthz", ct);
        await ScalarAsync(connection, $"INSERT INTO schema_migrations (version) VALUES ({newest})", ct);
        var caughtUp = await spindle.GetAsync("/readyz", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, behind.Status);
        Assert.Equal(("not_ready", "unmigrated"), (behind.Json.GetProperty("status").GetString(), behind.Json.GetProperty("database").GetProperty("status").GetString()));
        Assert.Equal(newest - 1, behind.Json.GetProperty("database").GetProperty("schema_version").GetInt64());
        Assert.Equal(HttpStatusCode.OK, alive.Status);
        Assert.Equal(HttpStatusCode.OK, caughtUp.Status);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken) is long value ? value : 0;
    }
}

public sealed class PostgresReadinessTests(OwnPostgresSpindle spindle) : IClassFixture<OwnPostgresSpindle>
{
    [Fact]
    public async Task Readyz_is_503_while_PostgreSQL_is_stopped_and_200_again_once_it_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.OK, (await spindle.GetAsync("/readyz", ct)).Status);

        await spindle.Server.PauseAsync();
        Reply stopped, alive;
        try
        {
            stopped = await spindle.GetAsync("/readyz", ct);
            alive = await spindle.GetAsync("/healthz", ct);
        }
        finally
        {
            await spindle.Server.ResumeAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, stopped.Status);
        var database = stopped.Json.GetProperty("database");
        Assert.Equal(("postgres", "unreachable"), (database.GetProperty("provider").GetString(), database.GetProperty("status").GetString()));
        Assert.DoesNotContain("Password", database.GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, alive.Status);

        // The restarted server accepts connections as soon as pg_ctl returns; the first check after it must see that.
        var back = await spindle.GetAsync("/readyz", ct);
        Assert.Equal(HttpStatusCode.OK, back.Status);
        Assert.Equal("ok", back.Json.GetProperty("database").GetProperty("status").GetString());
    }
}
