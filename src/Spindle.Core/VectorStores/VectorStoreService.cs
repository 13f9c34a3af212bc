using System.Text.Json;
using Spindle.Core.Errors;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Validation;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;

namespace Spindle.Core.VectorStores;

/// <summary>
/// Create, read, modify and delete vector stores (ASSISTANTS_API.md §2.6, §3.2). The stored row keeps what the caller
/// set; <c>file_counts</c>, <c>usage_bytes</c>, <c>status</c> and <c>expires_at</c> are derived from the store's files
/// and the clock on every read, so pollers see exactly the files' state (§7.3 O14).
/// </summary>
public sealed class VectorStoreService(IObjectStore store, IChunkStore chunks, VectorStoreFileService files, TimeProvider time)
{
    private const int MaxCreateFileIds = 500;

    // last_active_at is written at most this often, so searches do not turn into a write each.
    private const long TouchIntervalSeconds = 60;

    public async Task<VectorStore> CreateAsync(TenantId tenant, CreateVectorStoreRequest request, string? apiKey, CancellationToken cancellationToken)
    {
        var fileIds = VectorStoreRules.FileIds(request.FileIds, 0, MaxCreateFileIds, "file_ids");
        var chunking = VectorStoreRules.Chunking(request.ChunkingStrategy);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var created = new VectorStore
        {
            Id = Ids.New(Ids.VectorStore),
            CreatedAt = now,
            Name = request.Name,
            Description = request.Description,
            ExpiresAfter = VectorStoreRules.ExpiresAfter(request.ExpiresAfter),
            LastActiveAt = now,
            Metadata = Check.Metadata(request.Metadata),
        };

        await store.InsertAsync(tenant, Kinds.VectorStores, created, cancellationToken);
        try
        {
            await files.AttachAsync(tenant, created.Id, fileIds.Select(id => new FileAttachment(id, chunking, new Dictionary<string, JsonElement>())).ToList(), apiKey, cancellationToken);
        }
        catch
        {
            await store.DeleteAsync(tenant, Kinds.VectorStores.Name, created.Id, CancellationToken.None);
            throw;
        }

        return await DescribeAsync(tenant, created, cancellationToken);
    }

    public async Task<VectorStore> GetAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken) =>
        await DescribeAsync(tenant, (await GetStoredAsync(tenant, vectorStoreId, cancellationToken)).Value, cancellationToken);

    public async Task<ListResponse<VectorStore>> ListAsync(TenantId tenant, ListParams list, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(tenant, Kinds.VectorStores, list.ToQuery(), v => v.Id, cancellationToken);
        var described = new List<VectorStore>(page.Data.Count);
        foreach (var stored in page.Data)
        {
            described.Add(await DescribeAsync(tenant, stored, cancellationToken));
        }

        return page with { Data = described };
    }

    /// <summary>
    /// Changes <c>name</c>, <c>metadata</c> and <c>expires_after</c>; a field left out keeps its value and an explicit
    /// <c>"expires_after": null</c> removes the expiry.
    /// </summary>
    public async Task<VectorStore> ModifyAsync(TenantId tenant, string vectorStoreId, ModifyVectorStoreRequest request, CancellationToken cancellationToken)
    {
        var current = await GetStoredAsync(tenant, vectorStoreId, cancellationToken);
        var expiresAfter = request.HasExpiresAfter ? VectorStoreRules.ExpiresAfter(request.ExpiresAfter) : null;
        var metadata = request.Metadata is null ? null : Check.Metadata(request.Metadata);
        // Over what is stored, so a search's touch (last_active_at) meanwhile is kept, and keeps this in turn.
        var modified = await store.ChangeAsync(tenant, Kinds.VectorStores, current, static _ => true, v => v with
        {
            Name = request.Name ?? v.Name,
            Metadata = metadata ?? v.Metadata,
            ExpiresAfter = request.HasExpiresAfter ? expiresAfter : v.ExpiresAfter,
        }, cancellationToken) ?? throw ApiErrors.NotFound("vector store", vectorStoreId);
        return await DescribeAsync(tenant, modified.Value, cancellationToken);
    }

    /// <summary>Deletes the store, its files and batches (one scope) and its chunks. The files themselves stay.</summary>
    public async Task<DeletedObject> DeleteAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(tenant, Kinds.VectorStores.Name, vectorStoreId, cancellationToken))
        {
            throw ApiErrors.NotFound("vector store", vectorStoreId);
        }

        await chunks.DeleteStoreAsync(tenant, vectorStoreId, CancellationToken.None);
        return new DeletedObject(vectorStoreId, "vector_store.deleted", true);
    }

    /// <summary>Moves <c>last_active_at</c> (and so <c>expires_at</c>) to now; searches and runs call it.</summary>
    public async Task TouchAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken)
    {
        var current = await GetStoredAsync(tenant, vectorStoreId, cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await store.ChangeAsync(tenant, Kinds.VectorStores, current, v => now - (v.LastActiveAt ?? 0) >= TouchIntervalSeconds,
            v => v with { LastActiveAt = now }, cancellationToken);
    }

    private async Task<Stored<VectorStore>> GetStoredAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken) =>
        await store.GetStoredAsync(tenant, Kinds.VectorStores, vectorStoreId, cancellationToken)
        ?? throw ApiErrors.NotFound("vector store", vectorStoreId);

    // An empty store is completed; one with any file in progress is in_progress (§3.2). usage_bytes counts indexed files.
    private async Task<VectorStore> DescribeAsync(TenantId tenant, VectorStore stored, CancellationToken cancellationToken)
    {
        var all = await files.AllAsync(tenant, stored.Id, cancellationToken);
        var counts = FileStatus.Count(all);
        long? expiresAt = stored.ExpiresAfter?.Days is { } days ? (stored.LastActiveAt ?? stored.CreatedAt) + days * 86_400L : null;
        var status = expiresAt is { } at && at <= time.GetUtcNow().ToUnixTimeSeconds() ? "expired"
            : counts.InProgress > 0 ? FileStatus.InProgress
            : FileStatus.Completed;
        return stored with
        {
            FileCounts = counts,
            UsageBytes = all.Where(f => f.Status == FileStatus.Completed).Sum(f => f.UsageBytes),
            Status = status,
            ExpiresAt = expiresAt,
        };
    }
}
