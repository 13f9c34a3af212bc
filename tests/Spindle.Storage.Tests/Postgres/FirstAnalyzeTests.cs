using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Spindle.Storage.Postgres;

namespace Spindle.Storage.Tests.Postgres;

/// <summary>
/// A new database gets statistics on its objects table once the table holds enough rows, not a minute or more later
/// when autovacuum first comes round, and with them PostgreSQL plans Spindle's statements by id on the unique
/// <c>(collection, id)</c> index.
/// </summary>
public sealed partial class FirstAnalyzeTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task The_objects_table_is_analyzed_once_it_holds_enough_rows_and_lookups_by_id_then_use_the_unique_index()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateEmptyDatabaseAsync(ct);
        postgres.Migrate(database);
        await using var dataSource = NpgsqlDataSource.Create(database);
        var firstAnalyze = new FirstAnalyze(dataSource, TimeProvider.System, NullLogger<FirstAnalyze>.Instance);
        // Autovacuum off for this table, so that only FirstAnalyze can gather its statistics.
        await ExecuteAsync(dataSource, "ALTER TABLE objects SET (autovacuum_enabled = false)", ct);

        var analyzedWhenEmpty = await firstAnalyze.AnalyzedAsync(ct);
        // One tenant's ten thousand threads, each with a run, a step and two messages.
        await ExecuteAsync(dataSource, "INSERT INTO objects (tenant, collection, id, parent_id, scope, created_at, tag, json) " +
            "SELECT 'tenant', c, c || '_' || md5(i || '_' || k), 'thread_' || md5(i::text), 'thread_' || md5(i::text), i, 'completed', repeat('x', 400) " +
            "FROM generate_series(1, 10000) i, unnest(ARRAY['threads', 'runs', 'run_steps', 'messages', 'messages']) WITH ORDINALITY AS u(c, k)", ct);
        // The row count reaches pg_stat_user_tables within a second or so of the insert's commit.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await firstAnalyze.AnalyzedAsync(ct) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, ct);
        }

        Assert.False(analyzedWhenEmpty);
        Assert.True(await ScalarAsync<bool>(dataSource, "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relid = 'objects'::regclass", ct));
        foreach (var sql in new[] { ObjectSql.Get, ObjectSql.Update, ObjectSql.UpdateExpected })
        {
            Assert.Equal(["ux_objects_collection_id"], await GenericPlanIndexesAsync(dataSource, sql, ct));
        }
    }

    // The indexes of the plan PostgreSQL keeps for a prepared statement after its fifth run (a generic plan), which is
    // how Npgsql runs Spindle's statements.
    private static async Task<List<string>> GenericPlanIndexesAsync(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        var parameters = Parameter().Matches(sql).Select(m => m.Value).Distinct().ToList();
        var numbered = Parameter().Replace(sql, m => "$" + (parameters.IndexOf(m.Value) + 1));
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var prepare = new NpgsqlCommand($"SET plan_cache_mode = force_generic_plan; " +
            $"PREPARE statement ({string.Join(", ", parameters.Select(_ => "text"))}) AS {numbered}", connection))
        {
            await prepare.ExecuteNonQueryAsync(ct);
        }

        await using var explain = new NpgsqlCommand($"EXPLAIN (FORMAT JSON) EXECUTE statement ({string.Join(", ", parameters.Select(_ => "'x'"))})", connection);
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync(ct))!);
        return IndexNames(plan.RootElement);
    }

    private static List<string> IndexNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => [.. element.EnumerateObject().SelectMany(p => p.Name == "Index Name" ? [p.Value.GetString()!] : IndexNames(p.Value))],
        JsonValueKind.Array => [.. element.EnumerateArray().SelectMany(IndexNames)],
        _ => [],
    };

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    [GeneratedRegex("@[a-z_]+")]
    private static partial Regex Parameter();
}
