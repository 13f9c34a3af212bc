using Microsoft.Data.Sqlite;
using Spindle.Core.Retrieval;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;

namespace Spindle.Storage.Sqlite;

/// <summary>
/// <see cref="IChunkStore"/> over the same SQLite file as <see cref="SqliteObjectStore"/>, which applies the migrations.
/// </summary>
/// <remarks>
/// Thread-safe: every call opens a pooled connection. Writes take the file's write lock up front (<c>BEGIN IMMEDIATE</c>)
/// and wait on the object store's writers through <c>busy_timeout</c>, as a second process would.
/// </remarks>
internal sealed class SqliteChunkStore(string path) : IChunkStore
{
    private const int BusyTimeoutMilliseconds = 30_000;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(path),
        Mode = SqliteOpenMode.ReadWrite,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = BusyTimeoutMilliseconds / 1000,
    }.ToString();

    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public Task ReplaceFileAsync(TenantId tenant, string vectorStoreId, string fileId, IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken)
    {
        ChunkSql.CheckFile(fileId, chunks);
        return WriteAsync(async (connection, transaction) =>
        {
            await using (var delete = Command(connection, transaction, ChunkSql.DeleteFile, tenant, vectorStoreId))
            {
                delete.Parameters.AddWithValue("@file", fileId);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var insert = Command(connection, transaction, ChunkSql.Insert, tenant, vectorStoreId);
            insert.Parameters.AddWithValue("@file", fileId);
            var index = insert.Parameters.Add("@index", SqliteType.Integer);
            var name = insert.Parameters.Add("@name", SqliteType.Text);
            var text = insert.Parameters.Add("@text", SqliteType.Text);
            var embedding = insert.Parameters.Add("@embedding", SqliteType.Blob);
            foreach (var chunk in chunks)
            {
                index.Value = chunk.Index;
                name.Value = chunk.FileName;
                text.Value = chunk.Text;
                embedding.Value = chunk.Embedding is { } vector ? ChunkSql.Encode(vector) : DBNull.Value;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            return chunks.Count;
        }, cancellationToken);
    }

    public Task<int> DeleteFileAsync(TenantId tenant, string vectorStoreId, string fileId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var delete = Command(connection, transaction, ChunkSql.DeleteFile, tenant, vectorStoreId);
            delete.Parameters.AddWithValue("@file", fileId);
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<int> DeleteStoreAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var delete = Command(connection, transaction, ChunkSql.DeleteStore, tenant, vectorStoreId);
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public async Task<IReadOnlyList<IndexedChunk>> LoadAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, ChunkSql.Load, tenant, vectorStoreId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ChunkSql.ReadAllAsync(reader, cancellationToken);
    }

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
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

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, TenantId tenant, string vectorStoreId)
    {
        var command = new SqliteCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("@tenant", tenant.Value);
        command.Parameters.AddWithValue("@store", vectorStoreId);
        return command;
    }
}
