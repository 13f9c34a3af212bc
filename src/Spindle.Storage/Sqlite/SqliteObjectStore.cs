using Microsoft.Data.Sqlite;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Storage.Migrations;

namespace Spindle.Storage.Sqlite;

/// <summary><see cref="IObjectStore"/> over one <see cref="SqliteDatabase"/>.</summary>
/// <remarks>Thread-safe: reads rent one of the database's reader sessions; writes go through its one writer.</remarks>
internal sealed class SqliteObjectStore : IObjectStore, IDisposable
{
    // SQLITE_CONSTRAINT_UNIQUE.
    private const int UniqueViolation = 2067;

    private SqliteObjectStore(SqliteDatabase database) => Database = database;

    /// <summary>The file this store is over; the chunk store shares it, and with it the one writer.</summary>
    public SqliteDatabase Database { get; }

    /// <summary>Creates the file and its directory if missing, switches it to WAL and applies migrations.</summary>
    public static SqliteObjectStore Open(string path)
    {
        var store = Connect(path);
        store.Migrate();
        return store;
    }

    /// <summary>Like <see cref="Open"/> without migrating; for tests of the migrator.</summary>
    public static SqliteObjectStore Connect(string path) => new(SqliteDatabase.Connect(path));

    /// <summary>Applies pending migrations; returns how many were applied (0 when the schema is current).</summary>
    public int Migrate()
    {
        using var connection = Database.Open();
        return Migrator.ApplySqlite(connection);
    }

    public async Task InsertAsync(TenantId tenant, IReadOnlyList<Row> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await ConflictsAsRowConflict(Database.WriteAsync(async session =>
        {
            await InsertRowsAsync(session, tenant, rows, cancellationToken);
            return true;
        }, cancellationToken));
    }

    // The look runs on the writer, inside the insert's transaction: nothing can come between it and the insert, and the
    // writer's page cache is warm, where a reader's starts cold after every commit.
    public Task<InsertRefusal?> InsertIfAsync(TenantId tenant, IReadOnlyList<Row> rows, InsertCondition condition, CancellationToken cancellationToken) =>
        ConflictsAsRowConflict(Database.WriteAsync(async session =>
        {
            var look = Command(session, ObjectSql.InsertCondition, tenant, collection: null, id: null);
            look.Parameters.AddWithValue("@parent_collection", condition.ParentCollection);
            look.Parameters.AddWithValue("@parent_id", condition.ParentId);
            look.Parameters.AddWithValue("@child_collection", condition.ChildCollection);
            InsertRefusal? refusal;
            await using (var reader = await look.ExecuteReaderAsync(cancellationToken))
            {
                refusal = await ObjectSql.ReadRefusalAsync(reader, condition, cancellationToken);
            }

            if (refusal is null)
            {
                await InsertRowsAsync(session, tenant, rows, cancellationToken);
            }

            return refusal;
        }, cancellationToken));

    private static async Task<T> ConflictsAsRowConflict<T>(Task<T> write)
    {
        try
        {
            return await write;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == UniqueViolation)
        {
            throw new RowConflictException(e.Message, e);
        }
    }

    private static async Task InsertRowsAsync(SqliteSession session, TenantId tenant, IReadOnlyList<Row> rows, CancellationToken cancellationToken)
    {
        var command = session.Command(ObjectSql.Insert);
        var parameters = new[] { "@collection", "@id", "@parent_id", "@scope", "@created_at", "@tag", "@json" }
            .Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name }))
            .ToArray();
        command.Parameters.AddWithValue("@tenant", tenant.Value);
        foreach (var row in rows)
        {
            parameters[0].Value = row.Collection;
            parameters[1].Value = row.Id;
            parameters[2].Value = (object?)row.ParentId ?? DBNull.Value;
            parameters[3].Value = (object?)row.Scope ?? DBNull.Value;
            parameters[4].Value = row.CreatedAt;
            parameters[5].Value = (object?)row.Tag ?? DBNull.Value;
            parameters[6].Value = row.Json;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public Task<Row?> GetAsync(TenantId tenant, string collection, string id, CancellationToken cancellationToken) =>
        Database.ReadAsync(async session =>
        {
            await using var reader = await Command(session, ObjectSql.Get, tenant, collection, id).ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ObjectSql.ReadFound(reader, collection, id) : null;
        }, cancellationToken);

    public Task<bool> UpdateAsync(TenantId tenant, Row row, string? expectedJson, CancellationToken cancellationToken) =>
        Database.WriteAsync(session => UpdateRowAsync(session, tenant, new RowUpdate(row, expectedJson), cancellationToken), cancellationToken);

    // A savepoint of its own, so a refused update undoes the ones before it and nothing else of the group commit.
    public Task<bool> UpdateAllAsync(TenantId tenant, IReadOnlyList<RowUpdate> updates, CancellationToken cancellationToken) =>
        Database.WriteAsync(session => session.InSavepointAsync("update_all", async () =>
        {
            foreach (var update in updates)
            {
                if (!await UpdateRowAsync(session, tenant, update, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }), cancellationToken);

    private static async Task<bool> UpdateRowAsync(SqliteSession session, TenantId tenant, RowUpdate update, CancellationToken cancellationToken)
    {
        var (row, expectedJson) = update;
        var command = Command(session, expectedJson is null ? ObjectSql.Update : ObjectSql.UpdateExpected, tenant, row.Collection, row.Id);
        command.Parameters.AddWithValue("@tag", (object?)row.Tag ?? DBNull.Value);
        command.Parameters.AddWithValue("@json", row.Json);
        if (expectedJson is not null)
        {
            command.Parameters.AddWithValue("@expected", expectedJson);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task<bool> DeleteAsync(TenantId tenant, string collection, string id, CancellationToken cancellationToken) =>
        Database.WriteAsync(async session =>
        {
            if (await Command(session, ObjectSql.Delete, tenant, collection, id).ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await Command(session, ObjectSql.DeleteScope, tenant, collection: null, id).ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    // Two calls: the update goes through the writer and the page is read on a reader after it.
    public async Task<RowPage?> UpdateThenListAsync(TenantId tenant, Row row, string? expectedJson, string collection, ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        return await UpdateAsync(tenant, row, expectedJson, cancellationToken) ? await ListAsync(tenant, collection, query, cancellationToken) : null;
    }

    public Task<RowPage> ListAsync(TenantId tenant, string collection, ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        return Database.ReadAsync(async session =>
        {
            var command = Command(session, ObjectSql.List(query), tenant, collection, id: null);
            AddIfSet(command, "@parent_id", query.ParentId);
            AddIfSet(command, "@tag", query.Tag);
            AddIfSet(command, "@after", query.After);
            AddIfSet(command, "@before", query.Before);
            command.Parameters.AddWithValue("@limit", query.Limit + 1);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await ObjectSql.ReadPageAsync(reader, collection, query, cancellationToken);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<(TenantId Tenant, Row Row)>> FindByTagAsync(
        string collection, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        if (tags.Count == 0)
        {
            return [];
        }

        var names = Enumerable.Range(0, tags.Count).Select(i => $"@tag{i}").ToArray();
        var sql = $"SELECT tenant, {ObjectSql.Columns} FROM objects WHERE collection = @collection AND tag IN ({string.Join(", ", names)}) " +
            "ORDER BY created_at, seq";
        return await Database.ReadAsync(async session =>
        {
            var command = session.Command(sql);
            command.Parameters.AddWithValue("@collection", collection);
            for (var i = 0; i < tags.Count; i++)
            {
                command.Parameters.AddWithValue(names[i], tags[i]);
            }

            var found = new List<(TenantId, Row)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add((new TenantId(reader.GetString(0)), ObjectSql.ReadRow(reader, first: 1)));
            }

            return found;
        }, cancellationToken);
    }

    public void Dispose() => Database.Dispose();

    private static SqliteCommand Command(SqliteSession session, string sql, TenantId tenant, string? collection, string? id)
    {
        var command = session.Command(sql);
        command.Parameters.AddWithValue("@tenant", tenant.Value);
        if (collection is not null)
        {
            command.Parameters.AddWithValue("@collection", collection);
        }

        if (id is not null)
        {
            command.Parameters.AddWithValue("@id", id);
        }

        return command;
    }

    private static void AddIfSet(SqliteCommand command, string name, string? value)
    {
        if (value is not null)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }
}
