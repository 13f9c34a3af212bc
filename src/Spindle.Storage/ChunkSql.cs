using System.Buffers.Binary;
using System.Data.Common;
using System.Runtime.InteropServices;
using Spindle.Core.Retrieval;

namespace Spindle.Storage;

/// <summary>The SQL and the embedding encoding both chunk stores share (<c>chunks</c>, migrations 0002 and 0004).</summary>
internal static class ChunkSql
{
    public const string Insert =
        "INSERT INTO chunks (tenant, vector_store_id, file_id, chunk_index, file_name, text, embedding, embedding_model) " +
        "VALUES (@tenant, @store, @file, @index, @name, @text, @embedding, @model)";

    public const string DeleteFile = "DELETE FROM chunks WHERE tenant = @tenant AND vector_store_id = @store AND file_id = @file";

    public const string DeleteStore = "DELETE FROM chunks WHERE tenant = @tenant AND vector_store_id = @store";

    public const string Load =
        "SELECT file_id, file_name, chunk_index, text, embedding, embedding_model FROM chunks WHERE tenant = @tenant AND vector_store_id = @store " +
        "ORDER BY file_id, chunk_index";

    public static void CheckFile(string fileId, IReadOnlyList<IndexedChunk> chunks)
    {
        foreach (var chunk in chunks)
        {
            if (chunk.FileId != fileId)
            {
                throw new ArgumentException($"Chunk {chunk.Index} belongs to {chunk.FileId}, not {fileId}.", nameof(chunks));
            }
        }
    }

    /// <summary>Little-endian float32, whatever the machine's byte order, so a database moves between machines.</summary>
    public static byte[] Encode(float[] embedding)
    {
        var bytes = new byte[embedding.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(embedding.AsSpan()).CopyTo(bytes);
            return bytes;
        }

        for (var i = 0; i < embedding.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), embedding[i]);
        }

        return bytes;
    }

    public static float[] Decode(byte[] bytes)
    {
        var embedding = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < embedding.Length; i++)
        {
            embedding[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return embedding;
    }

    public static async Task<IReadOnlyList<IndexedChunk>> ReadAllAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var chunks = new List<IndexedChunk>();
        while (await reader.ReadAsync(cancellationToken))
        {
            chunks.Add(new IndexedChunk(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : Decode((byte[])reader.GetValue(4)), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return chunks;
    }
}
