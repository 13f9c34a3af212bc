using Npgsql;
using NpgsqlTypes;
using Spindle.Core.Retrieval;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;

namespace Spindle.Storage.Postgres;

/// <summary>
/// <see cref="IChunkStore"/> over the process's one shared <see cref="NpgsqlDataSource"/>; <see cref="PostgresObjectStore"/>
/// applies the migrations. Thread-safe: every call rents a pooled connection.
/// </summary>
internal sealed class PostgresChunkStore(NpgsqlDataSource dataSource) : IChunkStore
{
    public async Task ReplaceFileAsync(TenantId tenant, string vectorStoreId, string fileId, IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken)
    {
        ChunkSql.CheckFile(fileId, chunks);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = Command(connection, ChunkSql.DeleteFile, tenant, vectorStoreId, fileId))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        // One round trip for the whole file: the rows go in as one batch of inserts.
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var chunk in chunks)
        {
            var insert = new NpgsqlBatchCommand(ChunkSql.Insert);
            insert.Parameters.Add(new NpgsqlParameter<string>("@tenant", tenant.Value));
            insert.Parameters.Add(new NpgsqlParameter<string>("@store", vectorStoreId));
            insert.Parameters.Add(new NpgsqlParameter<string>("@file", fileId));
            insert.Parameters.Add(new NpgsqlParameter<int>("@index", chunk.Index));
            insert.Parameters.Add(new NpgsqlParameter<string>("@name", chunk.FileName));
            insert.Parameters.Add(new NpgsqlParameter<string>("@text", chunk.Text));
            insert.Parameters.Add(new NpgsqlParameter("@embedding", NpgsqlDbType.Bytea)
            {
                Value = chunk.Embedding is { } vector ? ChunkSql.Encode(vector) : DBNull.Value,
            });
            insert.Parameters.Add(new NpgsqlParameter("@model", NpgsqlDbType.Text) { Value = (object?)chunk.EmbeddingModel ?? DBNull.Value });
            batch.BatchCommands.Add(insert);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> DeleteFileAsync(TenantId tenant, string vectorStoreId, string fileId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var delete = Command(connection, ChunkSql.DeleteFile, tenant, vectorStoreId, fileId);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteStoreAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var delete = Command(connection, ChunkSql.DeleteStore, tenant, vectorStoreId, fileId: null);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<IndexedChunk>> LoadAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, ChunkSql.Load, tenant, vectorStoreId, fileId: null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ChunkSql.ReadAllAsync(reader, cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, TenantId tenant, string vectorStoreId, string? fileId)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("@tenant", tenant.Value));
        command.Parameters.Add(new NpgsqlParameter<string>("@store", vectorStoreId));
        if (fileId is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("@file", fileId));
        }

        return command;
    }
}
