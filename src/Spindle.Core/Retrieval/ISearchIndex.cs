namespace Spindle.Core.Retrieval;

/// <summary>
/// An immutable search index over the chunks of one or more vector stores: BM25 keyword scores fused with vector
/// similarity. Built once per version of the stores' contents and reused across searches.
/// </summary>
/// <remarks>Thread-safe for concurrent searches.</remarks>
public interface ISearchIndex
{
    int Count { get; }

    /// <summary>The best chunks for <paramref name="query"/>, best first, with scores in 0–1.</summary>
    /// <param name="queryEmbedding">The query's vector, or null to rank by keywords alone.</param>
    IReadOnlyList<SearchHit> Search(string query, float[]? queryEmbedding, SearchOptions options);
}

/// <summary>Builds <see cref="ISearchIndex"/>es.</summary>
public interface ISearchIndexFactory
{
    ISearchIndex Build(IReadOnlyList<IndexedChunk> chunks);
}

/// <summary>How to rank: at most <paramref name="MaxResults"/> hits scoring at least <paramref name="ScoreThreshold"/>.</summary>
public sealed record SearchOptions(int MaxResults, double ScoreThreshold = 0, RankingMode Mode = RankingMode.Hybrid);

public enum RankingMode
{
    Hybrid,
    Keyword,
    Vector,
}

public sealed record SearchHit(IndexedChunk Chunk, double Score);
