using System.Text.Json;
using Spindle.Core.Errors;
using Spindle.Core.Retrieval;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Validation;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;

namespace Spindle.Core.VectorStores;

/// <summary>
/// Attach, list, read, re-label and detach the files of a vector store (ASSISTANTS_API.md §2.6). Attaching stores the
/// file as <c>in_progress</c> and queues it; <see cref="VectorStoreIngestor"/> moves it on. Detaching removes the file's
/// chunks; the file itself stays.
/// </summary>
public sealed class VectorStoreFileService(
    IObjectStore store, IChunkStore chunks, IBlobStore blobs, IIngestionQueue queue, References references, TimeProvider time, IDocumentChunker chunker)
{
    // The content endpoint shows the parsed text in non-overlapping windows of the largest chunk size.
    private static readonly ChunkingOptions ContentWindows = new(VectorStoreRules.MaxChunkTokens, 0);

    public async Task<VectorStoreFile> CreateAsync(TenantId tenant, string vectorStoreId, CreateVectorStoreFileRequest request, string? apiKey, CancellationToken cancellationToken)
    {
        await RequireStoreAsync(tenant, vectorStoreId, cancellationToken);
        var attachment = new FileAttachment(Check(request.FileId, "file_id"), VectorStoreRules.Chunking(request.ChunkingStrategy), VectorStoreRules.Attributes(request.Attributes));
        return (await AttachAsync(tenant, vectorStoreId, [attachment], apiKey, cancellationToken))[0];
    }

    public async Task<VectorStoreFile> GetAsync(TenantId tenant, string vectorStoreId, string fileId, CancellationToken cancellationToken)
    {
        await RequireStoreAsync(tenant, vectorStoreId, cancellationToken);
        return await FindAsync(tenant, vectorStoreId, fileId, cancellationToken) ?? throw ApiErrors.NoSuchVectorStoreFile(vectorStoreId, fileId);
    }

    /// <summary>Lists a store's files; <paramref name="filter"/> is one status or null.</summary>
    public async Task<ListResponse<VectorStoreFile>> ListAsync(TenantId tenant, string vectorStoreId, ListParams list, string? filter, CancellationToken cancellationToken)
    {
        await RequireStoreAsync(tenant, vectorStoreId, cancellationToken);
        // Cursors are file ids on the wire and store-qualified row ids in the store.
        var query = list with
        {
            After = list.After is null ? null : Kinds.VectorStoreFileRowId(vectorStoreId, list.After),
            Before = list.Before is null ? null : Kinds.VectorStoreFileRowId(vectorStoreId, list.Before),
        };
        return await store.ListAsync(tenant, Kinds.VectorStoreFiles, query.ToQuery(vectorStoreId, Filter(filter)), f => f.Id, cancellationToken);
    }

    public async Task<VectorStoreFile> UpdateAttributesAsync(TenantId tenant, string vectorStoreId, string fileId, UpdateVectorStoreFileRequest request, CancellationToken cancellationToken)
    {
        await RequireStoreAsync(tenant, vectorStoreId, cancellationToken);
        var current = await FindStoredAsync(tenant, vectorStoreId, fileId, cancellationToken) ?? throw ApiErrors.NoSuchVectorStoreFile(vectorStoreId, fileId);
        var attributes = VectorStoreRules.Attributes(Attributes(request.Attributes));
        // Over what is stored, so a concurrent ingestion step is never overwritten with a stale status.
        var updated = await store.ChangeAsync(tenant, Kinds.VectorStoreFiles, current, static _ => true, f => f with { Attributes = attributes }, cancellationToken);
        return updated?.Value ?? throw ApiErrors.NoSuchVectorStoreFile(vectorStoreId, fileId);
    }

    /// <summary>Cancels a file still in progress; one the worker finished meanwhile keeps its result.</summary>
    /// <returns>The file as stored afterwards.</returns>
    internal async Task<VectorStoreFile> CancelAsync(TenantId tenant, string vectorStoreId, VectorStoreFile file, CancellationToken cancellationToken)
    {
        if (await FindStoredAsync(tenant, vectorStoreId, file.Id, cancellationToken) is not { } stored)
        {
            return file;
        }

        var cancelled = await store.ChangeAsync(tenant, Kinds.VectorStoreFiles, stored, static f => f.Status == FileStatus.InProgress,
            static f => f with { Status = FileStatus.Cancelled }, cancellationToken);
        return cancelled?.Value ?? await FindAsync(tenant, vectorStoreId, file.Id, cancellationToken) ?? file;
    }

    /// <summary>Detaches a file: its row and chunks go, the file stays (§2.6).</summary>
    public async Task<DeletedObject> DeleteAsync(TenantId tenant, string vectorStoreId, string fileId, CancellationToken cancellationToken)
    {
        await RequireStoreAsync(tenant, vectorStoreId, cancellationToken);
        if (!await store.DeleteAsync(tenant, Kinds.VectorStoreFiles.Name, Kinds.VectorStoreFileRowId(vectorStoreId, fileId), cancellationToken))
        {
            throw ApiErrors.NoSuchVectorStoreFile(vectorStoreId, fileId);
        }

        await chunks.DeleteFileAsync(tenant, vectorStoreId, fileId, CancellationToken.None);
        return new DeletedObject(fileId, "vector_store.file.deleted", true);
    }

    /// <summary>
    /// Detaches a file from every vector store of the tenant; <c>DELETE /files/{id}</c> calls it after deleting the
    /// file (§2.5). One probe per store: the store keeps no index from files to stores.
    /// </summary>
    public async Task DetachEverywhereAsync(TenantId tenant, string fileId, CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var page = await store.ListAsync(tenant, Kinds.VectorStores.Name, new ListQuery(null, 100, true, after, null, null), cancellationToken);
            foreach (var row in page.Rows)
            {
                if (await store.DeleteAsync(tenant, Kinds.VectorStoreFiles.Name, Kinds.VectorStoreFileRowId(row.Id, fileId), cancellationToken))
                {
                    await chunks.DeleteFileAsync(tenant, row.Id, fileId, CancellationToken.None);
                }
            }

            if (!page.HasMore || page.Rows.Count == 0)
            {
                return;
            }

            after = page.Rows[^1].Id;
        }
    }

    /// <summary>The file's parsed text, in windows of up to 4096 tokens (<c>vector_store.file_content.page</c>).</summary>
    public async Task<VectorStoreFileContentPage> ContentAsync(TenantId tenant, string vectorStoreId, string fileId, CancellationToken cancellationToken)
    {
        await GetAsync(tenant, vectorStoreId, fileId, cancellationToken);
        var file = await store.GetAsync(tenant, Kinds.Files, fileId, cancellationToken) ?? throw ApiErrors.NoSuchFile(fileId);
        await using var content = await blobs.OpenAsync(tenant, fileId, cancellationToken) ?? throw ApiErrors.NoSuchFile(fileId);
        try
        {
            var windows = await chunker.ChunkAsync(file.Filename, content, ContentWindows, cancellationToken);
            return new VectorStoreFileContentPage(windows.Select(w => new TextPart(w.Text)).ToList());
        }
        catch (UnreadableFileException)
        {
            return new VectorStoreFileContentPage([]);
        }
    }

    /// <summary>
    /// Stores every attachment as <c>in_progress</c> in one transaction and queues them. A file already in the store
    /// is replaced and processed again. Every file must exist for the tenant, or nothing is attached.
    /// </summary>
    internal async Task<IReadOnlyList<VectorStoreFile>> AttachAsync(
        TenantId tenant, string vectorStoreId, IReadOnlyList<FileAttachment> attachments, string? apiKey, CancellationToken cancellationToken)
    {
        await references.FilesAsync(tenant, attachments.Select(a => a.FileId), cancellationToken);
        var createdAt = time.GetUtcNow().ToUnixTimeSeconds();
        var files = attachments.Select(a => new VectorStoreFile
        {
            Id = a.FileId,
            CreatedAt = createdAt,
            VectorStoreId = vectorStoreId,
            Status = FileStatus.InProgress,
            ChunkingStrategy = a.Chunking,
            Attributes = a.Attributes,
        }).ToList();

        foreach (var file in files)
        {
            if (await store.DeleteAsync(tenant, Kinds.VectorStoreFiles.Name, Kinds.VectorStoreFileRowId(vectorStoreId, file.Id), cancellationToken))
            {
                await chunks.DeleteFileAsync(tenant, vectorStoreId, file.Id, cancellationToken);
            }
        }

        await store.InsertAsync(tenant, files.Select(Kinds.VectorStoreFiles.ToRow).ToList(), cancellationToken);
        foreach (var file in files)
        {
            queue.Enqueue(new IngestionJob(tenant, vectorStoreId, file.Id, apiKey));
        }

        return files;
    }

    private Task<VectorStoreFile?> FindAsync(TenantId tenant, string vectorStoreId, string fileId, CancellationToken cancellationToken) =>
        store.GetAsync(tenant, Kinds.VectorStoreFiles, Kinds.VectorStoreFileRowId(vectorStoreId, fileId), cancellationToken);

    private Task<Stored<VectorStoreFile>?> FindStoredAsync(TenantId tenant, string vectorStoreId, string fileId, CancellationToken cancellationToken) =>
        store.GetStoredAsync(tenant, Kinds.VectorStoreFiles, Kinds.VectorStoreFileRowId(vectorStoreId, fileId), cancellationToken);

    internal Task<List<VectorStoreFile>> AllAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken) =>
        store.ListAllAsync(tenant, Kinds.VectorStoreFiles, vectorStoreId, cancellationToken);

    internal async Task RequireStoreAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenant, Kinds.VectorStores.Name, vectorStoreId, cancellationToken) is null)
        {
            throw ApiErrors.NotFound("vector store", vectorStoreId);
        }
    }

    internal static string? Filter(string? filter) => filter switch
    {
        null or "" => null,
        _ when FileStatus.IsValid(filter) => filter,
        _ => throw ApiErrors.InvalidValue("filter", $"Invalid value: '{filter}'. Supported values are: 'in_progress', 'completed', 'failed', and 'cancelled'."),
    };

    // `attributes` is required on update, and null clears the labels.
    private static Dictionary<string, JsonElement>? Attributes(JsonElement attributes) => attributes.ValueKind switch
    {
        JsonValueKind.Undefined => throw ApiErrors.MissingParameter("attributes"),
        JsonValueKind.Null => null,
        JsonValueKind.Object => attributes.Deserialize(SpindleJsonContext.Wire.DictionaryStringJsonElement),
        _ => throw ApiErrors.InvalidType("attributes", "an object or null"),
    };

    private static string Check(string? fileId, string param) => Validation.Check.Required(fileId, param);
}
