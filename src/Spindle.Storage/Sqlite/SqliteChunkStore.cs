using Microsoft.Data.Sqlite;
using Spindle.Core.Retrieval;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;

namespace Spindle.Storage.Sqlite;

/// <summary>
/// <see cref="IChunkStore"/> over the same SQLite file as <see cref="SqliteObjectStore"/>, which applies the migrations.
/// </summary>
/// <remarks>Thread-safe: reads rent a reader session of the shared database; writes share the object store's one writer.</remarks>
internal sealed class SqliteChunkStore(SqliteDatabase database) : IChunkStore
{
    public Task ReplaceFileAsync(TenantId tenant, string vectorStoreId, string fileId, IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken)
    {
        ChunkSql.CheckFile(fileId, chunks);
        return database.WriteAsync(async session =>
        {
            var delete = Command(session, ChunkSql.DeleteFile, tenant, vectorStoreId);
            delete.Parameters.AddWithValue("@file", fileId);
            await delete.ExecuteNonQueryAsync(cancellationToken);

            var insert = Command(session, ChunkSql.Insert, tenant, vectorStoreId);
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
        database.WriteAsync(session =>
        {
            var delete = Command(session, ChunkSql.DeleteFile, tenant, vectorStoreId);
            delete.Parameters.AddWithValue("@file", fileId);
            return delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<int> DeleteStoreAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken) =>
        database.WriteAsync(session => Command(session, ChunkSql.DeleteStore, tenant, vectorStoreId).ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public Task<IReadOnlyList<IndexedChunk>> LoadAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken) =>
        database.ReadAsync(async session =>
        {
            await using var reader = await Command(session, ChunkSql.Load, tenant, vectorStoreId).ExecuteReaderAsync(cancellationToken);
            return await ChunkSql.ReadAllAsync(reader, cancellationToken);
        }, cancellationToken);

    private static SqliteCommand Command(SqliteSession session, string sql, TenantId tenant, string vectorStoreId)
    {
        var command = session.Command(sql);
        command.Parameters.AddWithValue("@tenant", tenant.Value);
        command.Parameters.AddWithValue("@store", vectorStoreId);
        return command;
    }
}
