using Spindle.Core.Retrieval;
using Spindle.Core.Tenancy;

namespace Spindle.Core.Storage;

/// <summary>
/// The indexed chunks of vector-store files, by tenant, vector store and file. Implementations: SQLite and PostgreSQL,
/// in the same database as <see cref="IObjectStore"/>; embeddings are stored as little-endian 32-bit floats.
/// </summary>
/// <remarks>
/// Every method is scoped to one tenant: another tenant's chunks are invisible. Thread-safe. Written by the ingestion
/// worker and by detach/delete; read when a search index is (re)built.
/// </remarks>
public interface IChunkStore
{
    /// <summary>
    /// Replaces every chunk of <paramref name="fileId"/> in <paramref name="vectorStoreId"/> with <paramref name="chunks"/>,
    /// in one transaction. Each chunk's <see cref="IndexedChunk.FileId"/> must be <paramref name="fileId"/>.
    /// </summary>
    Task ReplaceFileAsync(TenantId tenant, string vectorStoreId, string fileId, IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken);

    /// <summary>Removes one file's chunks from one store; returns how many were removed.</summary>
    Task<int> DeleteFileAsync(TenantId tenant, string vectorStoreId, string fileId, CancellationToken cancellationToken);

    /// <summary>Removes every chunk of a store; returns how many were removed.</summary>
    Task<int> DeleteStoreAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken);

    /// <summary>Every chunk of a store, ordered by file id then chunk index.</summary>
    Task<IReadOnlyList<IndexedChunk>> LoadAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken);
}
