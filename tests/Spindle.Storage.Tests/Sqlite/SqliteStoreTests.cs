using Microsoft.Data.Sqlite;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;

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
}
