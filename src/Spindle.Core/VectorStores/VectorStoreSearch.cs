using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spindle.Core.Errors;
using Spindle.Core.Retrieval;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Upstream;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;

namespace Spindle.Core.VectorStores;

/// <summary>
/// Searches the completed files of one or more vector stores: for <c>POST /vector_stores/{id}/search</c> and for the
/// run executor's <c>file_search</c> tool.
/// </summary>
/// <remarks>
/// Indexes are built once per content version and cached: the version hashes every completed file of the stores
/// (id, time, size, chunking), so attaching, detaching or finishing a file makes the next search rebuild. Thread-safe;
/// two concurrent first searches may both build, and the last one wins the cache.
/// Vectors of two models are never compared: a file whose chunks were embedded by another model than the current one
/// (the embedding model was changed, or the file was indexed before there was one) is embedded again with the current
/// model when an index over it is built, and its chunks are stored again with their new vectors, so this happens
/// once. When that embedding fails, the file is searched by keywords alone until a later build succeeds.
/// </remarks>
public sealed partial class VectorStoreSearch(
    IObjectStore store,
    IChunkStore chunks,
    IEmbeddingClient embeddings,
    ChunkEmbedder embedder,
    QueryRewriter rewriter,
    VectorStoreService vectorStores,
    IOptions<VectorStoreOptions> options,
    ISearchIndexFactory indexes,
    ILogger<VectorStoreSearch> logger)
{
    private const int DefaultSearchResults = 10, MaxSearchResults = 50;

    private readonly ConcurrentDictionary<string, CachedIndex> _cache = new(StringComparer.Ordinal);

    /// <summary>The best chunks of the stores' completed files for <paramref name="query"/>, best first.</summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(
        TenantId tenant, IReadOnlyList<string> vectorStoreIds, string query, SearchOptions options, string? apiKey, CancellationToken cancellationToken)
    {
        var (index, _) = await IndexAsync(tenant, vectorStoreIds, apiKey, cancellationToken);
        return index.Count == 0 ? [] : index.Search(query, await EmbedQueryAsync(index, query, apiKey, cancellationToken), options);
    }

    /// <summary>
    /// <c>POST /vector_stores/{id}/search</c>: <c>query</c> a string or strings (each searched, best score per chunk kept),
    /// <c>max_num_results</c> 1–50 (10), <c>ranking_options</c>, and <c>filters</c> over the files' attributes.
    /// With <c>rewrite_query</c> each query is first rewritten by <see cref="QueryRewriter"/>, and <c>search_query</c>
    /// echoes the rewritten queries.
    /// </summary>
    public async Task<VectorStoreSearchResultsPage> SearchStoreAsync(
        TenantId tenant, string vectorStoreId, VectorStoreSearchRequest request, string? apiKey, CancellationToken cancellationToken)
    {
        var queries = Queries(request.Query);
        var max = request.MaxNumResults ?? DefaultSearchResults;
        if (max is < 1 or > MaxSearchResults)
        {
            throw ApiErrors.InvalidValue("max_num_results", $"Invalid 'max_num_results': expected an integer between 1 and {MaxSearchResults}, got {max}.");
        }

        var threshold = Ranking(request.RankingOptions);
        var filter = request.Filters is { ValueKind: not JsonValueKind.Null } filters ? AttributeFilter.Parse(filters) : null;
        await vectorStores.TouchAsync(tenant, vectorStoreId, cancellationToken);
        if (request.RewriteQuery == true)
        {
            queries = await Task.WhenAll(queries.Select(q => rewriter.RewriteAsync(q, apiKey, cancellationToken)));
        }

        var (index, files) = await IndexAsync(tenant, [vectorStoreId], apiKey, cancellationToken);
        var best = new Dictionary<(string, int), SearchHit>();
        if (index.Count > 0)
        {
            // With a filter every chunk is ranked, so the filter never leaves fewer results than exist.
            var search = new SearchOptions(filter is null ? max : index.Count, threshold);
            foreach (var query in queries)
            {
                foreach (var hit in index.Search(query, await EmbedQueryAsync(index, query, apiKey, cancellationToken), search))
                {
                    var key = (hit.Chunk.FileId, hit.Chunk.Index);
                    if (files.TryGetValue(hit.Chunk.FileId, out var file) && (filter is null || filter.Matches(file.Attributes))
                        && (!best.TryGetValue(key, out var seen) || seen.Score < hit.Score))
                    {
                        best[key] = hit;
                    }
                }
            }
        }

        var data = best.Values.OrderByDescending(h => h.Score).Take(max)
            .Select(h => new VectorStoreSearchResult(h.Chunk.FileId, h.Chunk.FileName, Math.Clamp(h.Score, 0, 1), files[h.Chunk.FileId].Attributes, [new TextPart(h.Chunk.Text)]))
            .ToList();
        return new VectorStoreSearchResultsPage(queries, data);
    }

    private async Task<(ISearchIndex Index, Dictionary<string, VectorStoreFile> Files)> IndexAsync(
        TenantId tenant, IReadOnlyList<string> vectorStoreIds, string? apiKey, CancellationToken cancellationToken)
    {
        var storeIds = vectorStoreIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var completed = new List<VectorStoreFile>();
        foreach (var id in storeIds)
        {
            completed.AddRange(await CompletedFilesAsync(tenant, id, cancellationToken));
        }

        var files = new Dictionary<string, VectorStoreFile>(StringComparer.Ordinal);
        foreach (var file in completed)
        {
            files.TryAdd(file.Id, file);
        }

        var key = tenant.Value + "\n" + embedder.Model + "\n" + string.Join(",", storeIds);
        var version = Version(completed);
        if (_cache.TryGetValue(key, out var cached) && cached.Version == version)
        {
            return (cached.Index, files);
        }

        var indexed = new List<IndexedChunk>();
        var seen = new HashSet<(string, int)>();
        foreach (var id in storeIds)
        {
            // Chunks of files still in progress (or just cancelled) are in the table but not in the index.
            var stored = (await chunks.LoadAsync(tenant, id, cancellationToken))
                .Where(c => files.ContainsKey(c.FileId) && seen.Add((c.FileId, c.Index)));
            foreach (var file in stored.GroupBy(static c => c.FileId))
            {
                indexed.AddRange(file.All(embedder.IsCurrent) ? file : await EmbedAgainAsync(tenant, id, [.. file], apiKey, cancellationToken));
            }
        }

        var index = indexes.Build(indexed);
        if (_cache.Count >= options.Value.MaxCachedIndexes)
        {
            _cache.Clear();
        }

        _cache[key] = new CachedIndex(version, index);
        return (index, files);
    }

    private async Task<IReadOnlyList<IndexedChunk>> EmbedAgainAsync(
        TenantId tenant, string vectorStoreId, IReadOnlyList<IndexedChunk> file, string? apiKey, CancellationToken cancellationToken)
    {
        var fileId = file[0].FileId;
        try
        {
            var embedded = await embedder.EmbedAsync(file, apiKey, cancellationToken);
            await chunks.ReplaceFileAsync(tenant, vectorStoreId, fileId, embedded, cancellationToken);
            Log.FileEmbeddedAgain(logger, fileId, file[0].EmbeddingModel ?? "none", embedder.Model);
            return embedded;
        }
        catch (ModelException e)
        {
            Log.FileEmbeddingFailed(logger, fileId, e.Code, e);
            return [.. file.Select(static c => c with { Embedding = null, EmbeddingModel = null })];
        }
    }

    private async Task<List<VectorStoreFile>> CompletedFilesAsync(TenantId tenant, string vectorStoreId, CancellationToken cancellationToken)
    {
        var all = new List<VectorStoreFile>();
        string? after = null;
        while (true)
        {
            var page = await store.ListAsync(tenant, Kinds.VectorStoreFiles.Name, new ListQuery(vectorStoreId, 100, true, after, null, FileStatus.Completed), cancellationToken);
            all.AddRange(page.Rows.Select(Kinds.VectorStoreFiles.Read));
            if (!page.HasMore || page.Rows.Count == 0)
            {
                return all;
            }

            after = page.Rows[^1].Id;
        }
    }

    private async Task<float[]?> EmbedQueryAsync(ISearchIndex index, string query, string? apiKey, CancellationToken cancellationToken)
    {
        if (!embeddings.IsConfigured || index.Count == 0)
        {
            return null;
        }

        try
        {
            return await embeddings.EmbedQueryAsync(query, apiKey, cancellationToken);
        }
        catch (ModelException e)
        {
            // The keyword half of the ranking still answers; a search is better than an error here.
            Log.QueryEmbeddingFailed(logger, e.Code, e);
            return null;
        }
    }

    private static string Version(IEnumerable<VectorStoreFile> completed)
    {
        var text = new StringBuilder();
        foreach (var f in completed)
        {
            text.Append(f.VectorStoreId).Append('/').Append(f.Id).Append('/').Append(f.CreatedAt).Append('/').Append(f.UsageBytes).Append('/')
                .Append(f.ChunkingStrategy.Static?.MaxChunkSizeTokens).Append('/').Append(f.ChunkingStrategy.Static?.ChunkOverlapTokens).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static IReadOnlyList<string> Queries(JsonElement? query)
    {
        switch (query)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                throw ApiErrors.MissingParameter("query");
            case { ValueKind: JsonValueKind.String } text when !string.IsNullOrWhiteSpace(text.GetString()):
                return [text.GetString()!];
            case { ValueKind: JsonValueKind.Array } list when list.GetArrayLength() > 0
                && list.EnumerateArray().All(q => q.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(q.GetString())):
                return list.EnumerateArray().Select(q => q.GetString()!).ToList();
            default:
                throw ApiErrors.InvalidValue("query", "Invalid 'query': expected a non-empty string or a non-empty array of non-empty strings.");
        }
    }

    // Every ranker ranks the same way here: hybrid (BM25 + vectors) with embeddings, keywords alone without.
    private static double Ranking(SearchRankingOptions? ranking)
    {
        if (ranking?.Ranker is not (null or "none" or "auto" or "default-2024-11-15"))
        {
            throw ApiErrors.InvalidValue("ranking_options.ranker", $"Invalid value: '{ranking.Ranker}'. Supported values are: 'none', 'auto' and 'default-2024-11-15'.");
        }

        Validation.Check.Range(ranking?.ScoreThreshold, 0, 1, "ranking_options.score_threshold");
        return ranking?.ScoreThreshold ?? 0;
    }

    private sealed record CachedIndex(string Version, ISearchIndex Index);

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.QueryEmbeddingFailed, Level = LogLevel.Warning, Message = "The search query could not be embedded ({Code}); ranking by keywords alone")]
        public static partial void QueryEmbeddingFailed(ILogger logger, string code, Exception exception);

        [LoggerMessage(EventId = LogEvents.FileEmbeddedAgain, Level = LogLevel.Information, Message = "Vector-store file {FileId} was embedded by {OldModel}; embedded it again with {NewModel}")]
        public static partial void FileEmbeddedAgain(ILogger logger, string fileId, string oldModel, string newModel);

        [LoggerMessage(EventId = LogEvents.FileEmbeddingFailed, Level = LogLevel.Warning, Message = "Vector-store file {FileId} could not be embedded again ({Code}); searching it by keywords alone")]
        public static partial void FileEmbeddingFailed(ILogger logger, string fileId, string code, Exception exception);
    }
}
