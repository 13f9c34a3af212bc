using System.Text;
using Microsoft.Extensions.Logging;
using Spindle.Core.Telemetry;
using Spindle.Core.Retrieval;
using Spindle.Core.Storage;
using Spindle.Core.Upstream;
using Spindle.Core.Wire;

namespace Spindle.Core.VectorStores;

/// <summary>
/// Ingests one vector-store file; the only writer of a file's status after it is attached (apart from a batch cancel).
/// </summary>
/// <remarks>
/// The lifecycle of one job:
/// 1. Load the vector-store file. Gone (detached, store deleted) or no longer <c>in_progress</c> (cancelled): nothing to do.
/// 2. Read the bytes from the blob store and chunk them with <see cref="IDocumentChunker"/> at the file's strategy.
/// 3. Embed the chunks in batches with <see cref="ChunkEmbedder"/> (a provider's model, or the local one), recording the
///    model on each; with no model at all keep them without vectors (keyword-only ranking, logged once).
/// 4. Store the chunks, then compare-and-set <c>in_progress</c> → <c>completed</c> with <c>usage_bytes</c>. When the
///    set fails, the file was detached or cancelled meanwhile, and its chunks are removed again.
/// 5. An unreadable file ends <c>failed</c> with <c>unsupported_file</c>/<c>invalid_file</c>; anything else with <c>server_error</c>.
/// </remarks>
public sealed partial class VectorStoreIngestor(
    IObjectStore store,
    IChunkStore chunks,
    IBlobStore blobs,
    ChunkEmbedder embedder,
    IDocumentChunker chunker,
    ILogger<VectorStoreIngestor> logger)
{
    private int _keywordOnlyLogged;

    public async Task IngestAsync(IngestionJob job, CancellationToken cancellationToken)
    {
        using var activity = SpindleTelemetry.Source.StartActivity("ingest");
        activity?.SetTag("spindle.vector_store.id", job.VectorStoreId);
        activity?.SetTag("spindle.file.id", job.FileId);
        var rowId = Kinds.VectorStoreFileRowId(job.VectorStoreId, job.FileId);
        var file = await store.GetStoredAsync(job.Tenant, Kinds.VectorStoreFiles, rowId, cancellationToken);
        if (file is not { Value.Status: FileStatus.InProgress })
        {
            return;
        }

        try
        {
            var indexed = await ChunkAsync(job, file.Value, cancellationToken);
            await chunks.ReplaceFileAsync(job.Tenant, job.VectorStoreId, job.FileId, indexed, cancellationToken);
            var usage = indexed.Sum(c => (long)Encoding.UTF8.GetByteCount(c.Text) + (c.Embedding?.Length ?? 0) * sizeof(float));
            if (await EndAsync(job, file, f => f with { Status = FileStatus.Completed, UsageBytes = usage }, cancellationToken) is null)
            {
                await chunks.DeleteFileAsync(job.Tenant, job.VectorStoreId, job.FileId, CancellationToken.None);
            }
        }
        catch (UnreadableFileException e)
        {
            Log.IngestionFailed(logger, job.FileId, e.Code, e);
            await FailAsync(job, file, e.Code, e.Message);
        }
        catch (ModelException e)
        {
            Log.IngestionFailed(logger, job.FileId, e.Code, e);
            await FailAsync(job, file, "server_error", $"The file could not be embedded: {e.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the file stays in_progress and is queued again at the next start-up.
            throw;
        }
        catch (Exception e)
        {
            Log.IngestionCrashed(logger, job.FileId, e);
            await FailAsync(job, file, "server_error", "The server had an error while processing the file.");
        }
    }

    private async Task<IReadOnlyList<IndexedChunk>> ChunkAsync(IngestionJob job, VectorStoreFile file, CancellationToken cancellationToken)
    {
        var meta = await store.GetAsync(job.Tenant, Kinds.Files, job.FileId, cancellationToken)
            ?? throw new UnreadableFileException("invalid_file", $"The file {job.FileId} no longer exists.");
        await using var content = await blobs.OpenAsync(job.Tenant, job.FileId, cancellationToken)
            ?? throw new UnreadableFileException("invalid_file", $"The file {job.FileId} has no content.");
        var parts = await chunker.ChunkAsync(meta.Filename, content, VectorStoreRules.Options(file.ChunkingStrategy), cancellationToken);
        var indexed = parts.Select(p => new IndexedChunk(job.FileId, meta.Filename, p.Index, p.Text, null)).ToList();
        if (embedder.IsConfigured)
        {
            return await embedder.EmbedAsync(indexed, job.ApiKey, cancellationToken);
        }

        if (Interlocked.Exchange(ref _keywordOnlyLogged, 1) == 0)
        {
            Log.KeywordOnlyRanking(logger);
        }

        return indexed;
    }

    // Runs to the end even while shutting down.
    private async Task FailAsync(IngestionJob job, Stored<VectorStoreFile> file, string code, string message)
    {
        await chunks.DeleteFileAsync(job.Tenant, job.VectorStoreId, job.FileId, CancellationToken.None);
        await EndAsync(job, file, f => f with { Status = FileStatus.Failed, LastError = new LastError(code, message) }, CancellationToken.None);
    }

    // Only over a file still in progress (a cancel wins), keeping attributes a user set while it was processed.
    private Task<Stored<VectorStoreFile>?> EndAsync(IngestionJob job, Stored<VectorStoreFile> file, Func<VectorStoreFile, VectorStoreFile> end, CancellationToken cancellationToken) =>
        store.ChangeAsync(job.Tenant, Kinds.VectorStoreFiles, file, static f => f.Status == FileStatus.InProgress, end, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.KeywordOnlyRanking, Level = LogLevel.Warning,
            Message = "No embedding model is configured (Spindle:Providers:<name>:EmbeddingModel) and the local one is off (Spindle:VectorStores:LocalEmbeddingModel): vector-store files are indexed without vectors and file search ranks by keywords alone")]
        public static partial void KeywordOnlyRanking(ILogger logger);

        [LoggerMessage(EventId = LogEvents.IngestionFailed, Level = LogLevel.Information, Message = "Vector-store file {FileId} failed: {Code}")]
        public static partial void IngestionFailed(ILogger logger, string fileId, string code, Exception exception);

        [LoggerMessage(EventId = LogEvents.IngestionCrashed, Level = LogLevel.Error, Message = "Vector-store file {FileId} failed with an unexpected error")]
        public static partial void IngestionCrashed(ILogger logger, string fileId, Exception exception);
    }
}
