using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Storage.Migrations;

namespace Spindle.Storage.Sqlite;

/// <summary>
/// <see cref="IObjectStore"/> over one SQLite file in WAL mode: readers never block the single writer.
/// </summary>
/// <remarks>
/// Thread-safe: every call opens its own connection from Microsoft.Data.Sqlite's pool. Writes of this process
/// go one at a time through an async gate, and each takes the file's write lock up front (<c>BEGIN IMMEDIATE</c>):
/// a deferred transaction that reads and then writes fails with SQLITE_BUSY at once, without waiting, when another
/// writer committed in between. Waiting on other processes' writes is left to <c>busy_timeout</c>.
/// Microsoft.Data.Sqlite's async methods complete synchronously; the gate keeps queued writers off threads.
/// </remarks>
internal sealed class SqliteObjectStore : IObjectStore, IDisposable
{
    private const int BusyTimeoutMilliseconds = 30_000;

    private static readonly ConditionalWeakTable<object, object> Configured = new();
    private static readonly object Marker = new();

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private SqliteObjectStore(string connectionString) => _connectionString = connectionString;

    /// <summary>Creates the file and its directory if missing, switches it to WAL and applies migrations.</summary>
    public static SqliteObjectStore Open(string path)
    {
        var store = Connect(path);
        store.Migrate();
        return store;
    }

    /// <summary>Like <see cref="Open"/> without migrating; for tests of the migrator.</summary>
    public static SqliteObjectStore Connect(string path)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();

        var store = new SqliteObjectStore(connectionString);
        using (var connection = store.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            // Persistent in the file; it cannot be changed inside a transaction, so it is set before migrating.
            command.CommandText = "PRAGMA journal_mode = WAL";
            command.ExecuteNonQuery();
        }

        return store;
    }

    /// <summary>Applies pending migrations; returns how many were applied (0 when the schema is current).</summary>
    public int Migrate()
    {
        using var connection = OpenConnection();
        return Migrator.ApplySqlite(connection);
    }

    public Task InsertAsync(TenantId tenant, IReadOnlyList<Row> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(async (connection, transaction) =>
        {
            await using var command = new SqliteCommand(ObjectSql.Insert, connection, transaction);
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

            return true;
        }, cancellationToken);
    }

    public async Task<Row?> GetAsync(TenantId tenant, string collection, string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, transaction: null, ObjectSql.Get, tenant, collection, id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ObjectSql.ReadRow(reader) : null;
    }

    public Task<bool> UpdateAsync(TenantId tenant, Row row, string? expectedTag, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction, expectedTag is null ? ObjectSql.Update : ObjectSql.UpdateExpected, tenant, row.Collection, row.Id);
            command.Parameters.AddWithValue("@tag", (object?)row.Tag ?? DBNull.Value);
            command.Parameters.AddWithValue("@json", row.Json);
            if (expectedTag is not null)
            {
                command.Parameters.AddWithValue("@expected", expectedTag);
            }

            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task<bool> DeleteAsync(TenantId tenant, string collection, string id, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var delete = Command(connection, transaction, ObjectSql.Delete, tenant, collection, id);
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await using var deleteScope = Command(connection, transaction, ObjectSql.DeleteScope, tenant, collection: null, id);
            await deleteScope.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<RowPage> ListAsync(TenantId tenant, string collection, ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, transaction: null, ObjectSql.List(query), tenant, collection, id: null);
        AddIfSet(command, "@parent_id", query.ParentId);
        AddIfSet(command, "@tag", query.Tag);
        AddIfSet(command, "@after", query.After);
        AddIfSet(command, "@before", query.Before);
        command.Parameters.AddWithValue("@limit", query.Limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ObjectSql.ReadPageAsync(reader, query, cancellationToken);
    }

    public async Task<IReadOnlyList<(TenantId Tenant, Row Row)>> FindByTagAsync(
        string collection, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        if (tags.Count == 0)
        {
            return [];
        }

        var names = Enumerable.Range(0, tags.Count).Select(i => $"@tag{i}").ToArray();
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT tenant, {ObjectSql.Columns} FROM objects WHERE collection = @collection AND tag IN ({string.Join(", ", names)}) " +
            "ORDER BY created_at, seq";
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
    }

    /// <summary>Closes this file's idle pooled connections, so the file and its WAL can be removed.</summary>
    public void Dispose()
    {
        _writeGate.Dispose();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    // SQLite has one writer per file. Writers of this process queue on the gate without holding a thread, so
    // busy_timeout only arbitrates between processes; BEGIN IMMEDIATE takes the file's write lock before the
    // first read, so a transaction can never hold a stale read snapshot when it starts writing.
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Configure(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            Configure(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Both settings belong to the connection, not the file, and a pooled connection keeps them. The pool hands back
    // the same native handle, so they are set once per handle: parsing them on every open was a third of the
    // statements of a list request (bench/run.sh, figure 4).
    // synchronous = NORMAL is the usual WAL pairing: a commit survives a process crash, and an OS crash or power
    // loss can lose only the last commits, never corrupt the file.
    private static void Configure(SqliteConnection connection)
    {
        if (Configured.TryGetValue(connection.Handle!, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL";
        command.ExecuteNonQuery();
        Configured.TryAdd(connection.Handle!, Marker);
    }

    private static SqliteCommand Command(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, TenantId tenant, string? collection, string? id)
    {
        var command = new SqliteCommand(sql, connection, transaction);
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
