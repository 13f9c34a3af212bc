using Microsoft.Data.Sqlite;
using Spindle.Core.Retrieval;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;

namespace Spindle.Storage.Sqlite;

/// <summary>
/// <see cref="IChunkStore"/> over the same SQLite file as <see cref="SqliteObjectStore"/>, which applies the migrations.
/// </summary>
/// <remarks>Thread-safe: every call opens a pooled connection; writes share the object store's one writer.</remarks>
internal sealed class SqliteChunkStore(SqliteDatabase database) : IChunkStore
{
    public Task ReplaceFileAsync(TenantId tenant, string vectorStoreId, string fileId, IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken)
    {
        ChunkSql.CheckFile(fileId, chunks);
        return database.WriteAsync(async (connection, transaction) =>
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
            var model = insert.Parameters.Add("@model", SqliteType.Text);
            foreach (var chunk in chunks)
            {
                index.Value = chunk.Index;
                name.Value = chunk.FileName;
                text.Value = chunk.Text;
                embedding.Value = chunk.Embedding is { } vector ? ChunkSql.Encode(vector) : DBNull.Value;
                model.Value = (object?)chunk.EmbeddingModel ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            return chunks.Count;
        }, cancellationToken);
    }

    public Task<int> DeleteFileAsync(TenantId tenant, string vectorStoreId, string fileId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var delete = Command(connection, transaction, ChunkSql.DeleteFile, tenant, vectorStoreId);
            delete.Parameters.AddWithValue("@file", fileId);
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<int> DeleteStoreAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var delete = Command(connection, transaction, ChunkSql.DeleteStore, tenant, vectorStoreId);
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public async Task<IReadOnlyList<IndexedChunk>> LoadAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, ChunkSql.Load, tenant, vectorStoreId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ChunkSql.ReadAllAsync(reader, cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, TenantId tenant, string vectorStoreId)
    {
        var command = new SqliteCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("@tenant", tenant.Value);
        command.Parameters.AddWithValue("@store", vectorStoreId);
        return command;
    }
}
