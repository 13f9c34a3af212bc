using Spindle.Core.Errors;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;

namespace Spindle.Core.VectorStores;

/// <summary>
/// File batches: attach many files at once, read their progress, cancel what has not finished, list their files.
/// A batch's <c>file_counts</c> and <c>status</c> follow its files: <c>in_progress</c> while any is (Python's poller
/// loops on <c>file_counts.in_progress</c>, Node's on <c>status</c>, ASSISTANTS_API.md §7.3 O14), then <c>cancelled</c>
/// if it was cancelled, <c>failed</c> if every file failed, else <c>completed</c>.
/// </summary>
public sealed class FileBatchService(IObjectStore store, VectorStoreFileService files, TimeProvider time)
{
    private const int MaxBatchFiles = 2000;

    public async Task<VectorStoreFileBatch> CreateAsync(TenantId tenant, string vectorStoreId, CreateFileBatchRequest request, string? apiKey, CancellationToken cancellationToken)
    {
        await files.RequireStoreAsync(tenant, vectorStoreId, cancellationToken);
        var attachments = Attachments(request);
        var batch = new FileBatchRecord(Ids.New(Ids.FileBatch), vectorStoreId, time.GetUtcNow().ToUnixTimeSeconds(), attachments.Select(a => a.FileId).ToList());
        var attached = await files.AttachAsync(tenant, vectorStoreId, attachments, apiKey, cancellationToken);
        await store.InsertAsync(tenant, Kinds.FileBatches, batch, cancellationToken);
        return Describe(batch, attached);
    }

    public async Task<VectorStoreFileBatch> GetAsync(TenantId tenant, string vectorStoreId, string batchId, CancellationToken cancellationToken)
    {
        var batch = await GetStoredAsync(tenant, vectorStoreId, batchId, cancellationToken);
        return Describe(batch, await MembersAsync(tenant, batch, cancellationToken));
    }

    /// <summary>Cancels the batch's files still in progress; finished files keep their status.</summary>
    public async Task<VectorStoreFileBatch> CancelAsync(TenantId tenant, string vectorStoreId, string batchId, CancellationToken cancellationToken)
    {
        var batch = await GetStoredAsync(tenant, vectorStoreId, batchId, cancellationToken);
        var members = await MembersAsync(tenant, batch, cancellationToken);
        var current = Describe(batch, members);
        if (current.Status != FileStatus.InProgress)
        {
            throw ApiErrors.CannotCancelFileBatch(current.Status);
        }

        var cancelled = batch with { Cancelled = true };
        await store.UpdateAsync(tenant, Kinds.FileBatches, cancelled, cancellationToken);
        var now = new List<VectorStoreFile>(members.Count);
        foreach (var file in members)
        {
            now.Add(file.Status == FileStatus.InProgress ? await files.CancelAsync(tenant, vectorStoreId, file, cancellationToken) : file);
        }

        return Describe(cancelled, now);
    }

    public async Task<ListResponse<VectorStoreFile>> ListFilesAsync(
        TenantId tenant, string vectorStoreId, string batchId, ListParams list, string? filter, CancellationToken cancellationToken)
    {
        var batch = await GetStoredAsync(tenant, vectorStoreId, batchId, cancellationToken);
        var status = VectorStoreFileService.Filter(filter);
        var members = (await MembersAsync(tenant, batch, cancellationToken)).Where(f => status is null || f.Status == status);
        return Page(members, list);
    }

    private async Task<FileBatchRecord> GetStoredAsync(TenantId tenant, string vectorStoreId, string batchId, CancellationToken cancellationToken)
    {
        await files.RequireStoreAsync(tenant, vectorStoreId, cancellationToken);
        var batch = await store.GetAsync(tenant, Kinds.FileBatches, batchId, cancellationToken);
        return batch is not null && batch.VectorStoreId == vectorStoreId ? batch : throw ApiErrors.NoSuchFileBatch(vectorStoreId, batchId);
    }

    // The batch's files that are still attached, in the store's order (creation time, then insertion).
    private async Task<List<VectorStoreFile>> MembersAsync(TenantId tenant, FileBatchRecord batch, CancellationToken cancellationToken)
    {
        var ids = batch.FileIds.ToHashSet(StringComparer.Ordinal);
        return (await files.AllAsync(tenant, batch.VectorStoreId, cancellationToken)).Where(f => ids.Contains(f.Id)).ToList();
    }

    private static VectorStoreFileBatch Describe(FileBatchRecord batch, IReadOnlyList<VectorStoreFile> members)
    {
        var counts = FileStatus.Count(members);
        var status = counts.InProgress > 0 ? FileStatus.InProgress
            : batch.Cancelled ? FileStatus.Cancelled
            : counts.Total > 0 && counts.Failed == counts.Total ? FileStatus.Failed
            : FileStatus.Completed;
        return new VectorStoreFileBatch { Id = batch.Id, CreatedAt = batch.CreatedAt, VectorStoreId = batch.VectorStoreId, Status = status, FileCounts = counts };
    }

    private static IReadOnlyList<FileAttachment> Attachments(CreateFileBatchRequest request)
    {
        if (request.FileIds is not null && request.Files is not null)
        {
            throw ApiErrors.InvalidValue("files", "Invalid request: 'file_ids' and 'files' are mutually exclusive; provide one of them.");
        }

        if (request.Files is { } entries)
        {
            if (request.ChunkingStrategy is not null || request.Attributes is not null)
            {
                throw ApiErrors.InvalidValue("files", "Invalid request: top-level 'chunking_strategy' and 'attributes' apply to 'file_ids' only; set them on each entry of 'files'.");
            }

            if (entries.Count is < 1 or > MaxBatchFiles)
            {
                throw ApiErrors.InvalidValue("files", $"Invalid 'files': expected an array with between 1 and {MaxBatchFiles} items, but got an array with length {entries.Count} instead.");
            }

            return entries.Select((entry, i) => new FileAttachment(
                    Validation.Check.Required(entry?.FileId, $"files[{i}].file_id"),
                    VectorStoreRules.Chunking(entry!.ChunkingStrategy, $"files[{i}].chunking_strategy"),
                    VectorStoreRules.Attributes(entry.Attributes, $"files[{i}].attributes")))
                .DistinctBy(a => a.FileId, StringComparer.Ordinal)
                .ToList();
        }

        if (request.FileIds is null)
        {
            throw ApiErrors.MissingParameter("file_ids");
        }

        var chunking = VectorStoreRules.Chunking(request.ChunkingStrategy);
        var attributes = VectorStoreRules.Attributes(request.Attributes);
        return VectorStoreRules.FileIds(request.FileIds, 1, MaxBatchFiles, "file_ids").Select(id => new FileAttachment(id, chunking, attributes)).ToList();
    }

    // Batch membership lives on the batch, so its file list pages in memory, with the same cursor rules as the store's.
    private static ListResponse<VectorStoreFile> Page(IEnumerable<VectorStoreFile> members, ListParams list)
    {
        var ordered = list.Ascending ? members.ToList() : members.Reverse().ToList();
        var start = list.After is { } after ? ordered.FindIndex(f => f.Id == after) + 1 : 0;
        var end = list.Before is { } before ? ordered.FindIndex(f => f.Id == before) : ordered.Count;
        if ((list.After is not null && start == 0) || end < 0)
        {
            return new ListResponse<VectorStoreFile>([], null, null, false);
        }

        List<VectorStoreFile> data;
        bool hasMore;
        if (list.Before is not null && list.After is null)
        {
            var from = Math.Max(0, end - list.Limit);
            data = ordered[from..end];
            hasMore = from > 0;
        }
        else
        {
            var window = ordered[start..Math.Max(start, end)];
            data = window.Take(list.Limit).ToList();
            hasMore = window.Count > list.Limit;
        }

        return new ListResponse<VectorStoreFile>(data, data.Count > 0 ? data[0].Id : null, data.Count > 0 ? data[^1].Id : null, hasMore);
    }
}
