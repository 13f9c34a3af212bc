using Microsoft.Data.Sqlite;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Storage.Sqlite;
using SQLitePCL;

namespace Spindle.Storage.Tests.Sqlite;

public sealed class SqliteStoreTests(SqliteFixture sqlite) : StoreContract(sqlite), IClassFixture<SqliteFixture>
{
    [Fact]
    public void The_database_file_is_in_wal_mode()
    {
        using var connection = new SqliteConnection($"Data Source={sqlite.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task A_write_waits_for_another_connections_write_transaction_instead_of_failing_busy()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = new TenantId("t_" + Guid.NewGuid().ToString("N"));
        var collection = "c_" + Guid.NewGuid().ToString("N");
        using var holder = new SqliteConnection($"Data Source={sqlite.DatabasePath};Pooling=False");
        holder.Open();
        using var transaction = holder.BeginTransaction(deferred: false);

        // Task.Run: Microsoft.Data.Sqlite completes "async" calls synchronously, so the wait happens on the calling thread.
        var insert = Task.Run(() => sqlite.Store.InsertAsync(tenant, [new Row(collection, "waited", null, null, 1, null, "{}")], ct), ct);
        var blocked = await Task.WhenAny(insert, Task.Delay(TimeSpan.FromMilliseconds(500), ct)) != insert;
        transaction.Commit();
        await insert;

        Assert.True(blocked);
        Assert.NotNull(await sqlite.Store.GetAsync(tenant, collection, "waited", ct));
    }

    // sqlite3.h: SQLITE_STMTSTATUS_REPREPARE, which SQLitePCL.raw does not name.
    private const int StatementReprepares = 5;

    // SQLite prepares a statement again, on every new binding, when its planner compared one of the statement's
    // parameters with a constant in a partial index's WHERE clause (0003's index did that to every list).
    [Theory]
    [InlineData("get")]
    [InlineData("list")]
    [InlineData("insert condition")]
    [InlineData("update")]
    public void A_statement_of_the_store_is_prepared_once_whatever_values_are_bound(string statement)
    {
        var sql = statement switch
        {
            "get" => ObjectSql.Get,
            "list" => ObjectSql.List(new ListQuery("thread_1", 20, false, null, null, null)),
            "insert condition" => ObjectSql.InsertCondition,
            _ => ObjectSql.UpdateExpected,
        };
        using var connection = new SqliteConnection($"Data Source={sqlite.DatabasePath};Pooling=False");
        connection.Open();
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(connection.Handle, sql, out var prepared));
        using (prepared)
        {
            foreach (var collection in new[] { "runs", "messages", "threads", "runs" })
            {
                for (var i = 1; i <= raw.sqlite3_bind_parameter_count(prepared); i++)
                {
                    var name = raw.sqlite3_bind_parameter_name(prepared, i).utf8_to_string();
                    _ = name == "@limit"
                        ? raw.sqlite3_bind_int(prepared, i, 21)
                        : raw.sqlite3_bind_text(prepared, i, name is "@collection" or "@child_collection" ? collection : "x");
                }

                while (raw.sqlite3_step(prepared) == raw.SQLITE_ROW)
                {
                }

                raw.sqlite3_reset(prepared);
            }

            Assert.Equal(0, raw.sqlite3_stmt_status(prepared, StatementReprepares, 0));
        }
    }

    [Fact]
    public async Task A_lone_write_that_throws_leaves_nothing_it_wrote_and_the_next_write_commits()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = new TenantId("t_" + Guid.NewGuid().ToString("N"));

        var failed = sqlite.Database.WriteAsync<bool>(async session =>
        {
            await InsertAsync(session, tenant, "half-written");
            throw new InvalidOperationException("after its insert");
        }, ct);

        Assert.Equal("after its insert", (await Assert.ThrowsAsync<InvalidOperationException>(() => failed)).Message);
        await sqlite.Store.InsertAsync(tenant, [new Row("notes", "next", null, null, 1, null, "{}")], ct);
        Assert.Null(await sqlite.Store.GetAsync(tenant, "notes", "half-written", ct));
        Assert.NotNull(await sqlite.Store.GetAsync(tenant, "notes", "next", ct));
    }

    [Fact]
    public async Task A_write_that_throws_in_a_group_fails_alone_and_the_rest_of_its_group_commits()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = new TenantId("t_" + Guid.NewGuid().ToString("N"));
        var writerHeld = new TaskCompletionSource();
        var release = new TaskCompletionSource();

        // The first write holds the writer, so the next ones queue and run as one group when it lets go.
        var holder = sqlite.Database.WriteAsync(async session =>
        {
            writerHeld.SetResult();
            await release.Task;
            return true;
        }, ct);
        await writerHeld.Task;
        var before = sqlite.Store.InsertAsync(tenant, [new Row("notes", "before", null, null, 1, null, "{}")], ct);
        var failed = sqlite.Database.WriteAsync<bool>(async session =>
        {
            await InsertAsync(session, tenant, "half-written");
            throw new InvalidOperationException("after its insert");
        }, ct);
        var after = sqlite.Store.InsertAsync(tenant, [new Row("notes", "after", null, null, 1, null, "{}")], ct);
        release.SetResult();

        await Task.WhenAll(holder, before, after);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
        Assert.Null(await sqlite.Store.GetAsync(tenant, "notes", "half-written", ct));
        Assert.NotNull(await sqlite.Store.GetAsync(tenant, "notes", "before", ct));
        Assert.NotNull(await sqlite.Store.GetAsync(tenant, "notes", "after", ct));
    }

    private static async Task InsertAsync(SqliteSession session, TenantId tenant, string id)
    {
        var command = session.Command(ObjectSql.Insert);
        command.Parameters.AddWithValue("@tenant", tenant.Value);
        command.Parameters.AddWithValue("@collection", "notes");
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@parent_id", DBNull.Value);
        command.Parameters.AddWithValue("@scope", DBNull.Value);
        command.Parameters.AddWithValue("@created_at", 1);
        command.Parameters.AddWithValue("@tag", DBNull.Value);
        command.Parameters.AddWithValue("@json", "{}");
        await command.ExecuteNonQueryAsync();
    }

    // A passive checkpoint runs beside the commits and never caught them up, so under writes that never paused the WAL
    // was never started over and grew for as long as they went on.
    [Fact]
    public async Task Under_writes_that_never_pause_the_wal_is_started_over()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("spindle-wal-").FullName;
        try
        {
            var path = Path.Combine(directory, "spindle.db");
            using var store = SqliteObjectStore.Open(path);
            var tenant = new TenantId("t_wal");
            var json = $"{{\"text\":\"{new string('x', 2000)}\"}}";
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    await store.InsertAsync(tenant, [new Row("notes", $"n_{w}_{i}", "parent", null, i, null, json)], CancellationToken.None);
                }
            }, CancellationToken.None)).ToList();

            // The WAL's header counts its restarts: the checkpoint sequence number, bytes 12-15.
            await WaitAsync(() => File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0, ct);
            var first = CheckpointSequence(path + "-wal");
            var restarted = await WaitAsync(() => CheckpointSequence(path + "-wal") > first, ct);
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            Assert.True(restarted, "the WAL was not started over in 30 s of writes");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static uint CheckpointSequence(string wal)
    {
        using var file = new FileStream(wal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[16];
        file.ReadExactly(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (true) or 30 s pass (false).</summary>
    private static async Task<bool> WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(50, cancellationToken))
        {
            if (condition())
            {
                return true;
            }
        }

        return false;
    }
}
