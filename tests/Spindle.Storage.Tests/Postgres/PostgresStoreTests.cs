using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Storage.Postgres;

namespace Spindle.Storage.Tests.Postgres;

public sealed class PostgresStoreTests(PostgresFixture postgres) : StoreContract(postgres), IClassFixture<PostgresFixture>
{
    // Spindle's statements are prepared, and PostgreSQL may plan a prepared statement once for any values. Where many
    // tenants and collections share the table, such a plan judged "tenant = $1 AND collection = $2" as narrow as an id
    // and read a lookup by id off the list index: every row of the tenant's collection for one row.
    [Theory]
    [InlineData("get")]
    [InlineData("update")]
    [InlineData("delete")]
    [InlineData("insert condition")]
    public async Task A_statement_by_id_finds_its_row_by_the_id_index_in_a_plan_made_for_any_values(string statement)
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateEmptyDatabaseAsync(ct);
        postgres.Migrate(database);
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, """
            INSERT INTO objects (tenant, collection, id, created_at, json)
                SELECT 't' || (g % 150), 'c' || (g % 120), 'id_' || g, g, '{}' FROM generate_series(1, 6000) g;
            INSERT INTO objects (tenant, collection, id, created_at, json)
                SELECT 'big', 'threads', 'thread_' || g, g, '{}' FROM generate_series(1, 2000) g;
            ANALYZE objects;
            SET plan_cache_mode = force_generic_plan
            """, ct);
        var (sql, values) = statement switch
        {
            "get" => (ObjectSql.Get, "'threads', 'thread_7', 'big'"),
            "update" => (ObjectSql.Update, "'threads', 'thread_7', 'big', NULL, '{}'"),
            "delete" => (ObjectSql.Delete, "'threads', 'thread_7', 'big'"),
            _ => (ObjectSql.InsertCondition, "'threads', 'thread_7', 'big', 'runs'"),
        };
        var names = statement == "insert condition" ? ["@parent_collection", "@parent_id", "@tenant", "@child_collection"] : (string[])["@collection", "@id", "@tenant", "@tag", "@json"];
        for (var i = 0; i < names.Length; i++)
        {
            sql = sql.Replace(names[i], $"${i + 1}", StringComparison.Ordinal);
        }

        var types = string.Join(", ", names.Take(values.Split(',').Length).Select(_ => "text"));
        await ExecuteAsync(connection, $"PREPARE by_id ({types}) AS {sql}", ct);
        await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, COSTS OFF) EXECUTE by_id ({values})", connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                plan.Add(reader.GetString(0));
            }
        }

        // The insert condition's second look, the thread's newest run, reads the list index as it should.
        Assert.Contains(plan, line => line.Contains("ux_objects_collection_id", StringComparison.Ordinal));
        Assert.Equal(statement == "insert condition" ? 1 : 0, plan.Count(line => line.Contains("ix_objects_list", StringComparison.Ordinal)));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    [Fact]
    public async Task AddSpindleStorage_with_postgres_migrates_at_start_up_over_one_shared_data_source()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDirectory = Directory.CreateTempSubdirectory("spindle-di-").FullName;
        try
        {
            await using var services = StorageServiceCollectionExtensionsTests.Build(new()
            {
                ["Spindle:Storage:Provider"] = "postgres",
                ["Spindle:Storage:DataDirectory"] = dataDirectory,
                ["Spindle:Storage:ConnectionString"] = postgres.ConnectionString,
            });

            await StorageServiceCollectionExtensionsTests.StartAsync(services, ct);

            var store = Assert.IsType<PostgresObjectStore>(services.GetRequiredService<IObjectStore>());
            Assert.Same(services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<NpgsqlDataSource>());
            Assert.Equal(0, store.Migrate());
            var tenant = new TenantId("t_" + Guid.NewGuid().ToString("N"));
            var row = new Row("c_" + Guid.NewGuid().ToString("N"), "id", null, null, 1, null, "{}");
            await store.InsertAsync(tenant, [row], ct);
            Assert.Equal(row, await store.GetAsync(tenant, row.Collection, row.Id, ct));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
