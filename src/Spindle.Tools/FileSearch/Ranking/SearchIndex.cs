using System.Buffers;
using System.Numerics.Tensors;
using Spindle.Core.Retrieval;

namespace Spindle.Tools.FileSearch.Ranking;

/// <summary>
/// BM25 over an inverted index plus cosine similarity over unit vectors, fused for Hybrid mode. Scores are in 0–1:
/// Keyword divides BM25 by the query's upper bound; Vector and Hybrid are <see cref="ScoreCalibration"/>'s score of the
/// cosine similarity (plus, for Hybrid, the squared keyword share). The threshold and the result count apply to the
/// final score. Immutable after construction.
/// </summary>
internal sealed class SearchIndex : ISearchIndex
{
    private const int RrfK = 60;

    private readonly IReadOnlyList<IndexedChunk> _chunks;
    private readonly Bm25Index _keywords;
    private readonly VectorIndex _vectors;
    private readonly FusionMethod _fusion;
    private readonly ScoreCalibration _calibration;

    public SearchIndex(IReadOnlyList<IndexedChunk> chunks, FusionMethod fusion)
    {
        _chunks = chunks;
        _fusion = fusion;
        _keywords = new Bm25Index(chunks);
        _vectors = new VectorIndex(chunks);
        _calibration = ScoreCalibration.For(chunks.FirstOrDefault(static c => c.Embedding is not null)?.EmbeddingModel);
    }

    public int Count => _chunks.Count;

    public IReadOnlyList<SearchHit> Search(string query, float[]? queryEmbedding, SearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxResults <= 0 || _chunks.Count == 0)
            return [];

        // No query vector, or no embedded chunk, leaves keywords as the only signal (ISearchIndex.Search).
        var mode = queryEmbedding is null || _vectors.Rows == 0 ? RankingMode.Keyword : options.Mode;
        var top = mode switch
        {
            RankingMode.Keyword => SearchKeywords(query, options.MaxResults),
            RankingMode.Vector => SearchVectors(_vectors.NormalizeQuery(queryEmbedding!), options.MaxResults),
            _ when _fusion == FusionMethod.ReciprocalRank => FuseRanks(query, _vectors.NormalizeQuery(queryEmbedding!), options.MaxResults),
            _ => BlendScores(query, _vectors.NormalizeQuery(queryEmbedding!), options.MaxResults),
        };

        var hits = new List<SearchHit>(top.Length);
        foreach (var (id, score) in top)
        {
            var reported = Math.Clamp((double)score, 0, 1);
            if (reported >= options.ScoreThreshold)
                hits.Add(new SearchHit(_chunks[id], reported));
        }

        return hits;
    }

    private (int Id, float Score)[] SearchKeywords(string query, int count)
    {
        var scores = Rent(out var buffer);
        try
        {
            var upperBound = _keywords.Accumulate(query, scores);
            if (upperBound <= 0f)
                return [];
            TensorPrimitives.Divide(scores, upperBound, scores);
            return Top(scores, count, minimum: float.Epsilon);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private (int Id, float Score)[] SearchVectors(VectorIndex.Query query, int count)
    {
        var candidates = new TopK(Candidates(count));
        _vectors.Top(query, candidates);
        return Calibrate(Rescore(candidates.Drain(), query, default, count));
    }

    // Evidence = cosine + w × (BM25 share)², ranked on the int8 cosines, the best candidates re-scored exactly, and only
    // the kept hits mapped to calibrated scores (monotone).
    private (int Id, float Score)[] BlendScores(string query, VectorIndex.Query unitQuery, int count)
    {
        var keyword = Rent(out var keywordBuffer);
        var vector = Rent(out var vectorBuffer);
        try
        {
            var upperBound = _keywords.Accumulate(query, keyword);
            if (upperBound > 0f)
            {
                TensorPrimitives.Divide(keyword, upperBound, keyword);
                TensorPrimitives.Multiply(keyword, keyword, keyword);
            }

            TensorPrimitives.Multiply(keyword, ScoreCalibration.KeywordWeight, keyword);
            _vectors.ScoreAll(unitQuery, vector);
            TensorPrimitives.Add(keyword, vector, vector);
            return Calibrate(Rescore(Top(vector, Candidates(count), minimum: float.NegativeInfinity), unitQuery, keyword, count));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(keywordBuffer);
            ArrayPool<float>.Shared.Return(vectorBuffer);
        }
    }

    // Enough int8 candidates that the exact top `count` is among them: quantisation moves a cosine by about 0.005.
    private static int Candidates(int count) => Math.Max(count * 4, 40);

    private (int Id, float Score)[] Rescore((int Id, float Score)[] candidates, VectorIndex.Query query, ReadOnlySpan<float> keyword, int count)
    {
        var top = new TopK(count);
        foreach (var (id, _) in candidates)
            top.Offer(id, _vectors.Exact(query, id) + (keyword.IsEmpty ? 0f : keyword[id]));
        return top.Drain();
    }

    private (int Id, float Score)[] Calibrate((int Id, float Score)[] ranked)
    {
        for (var i = 0; i < ranked.Length; i++)
            ranked[i].Score = _calibration.Score(ranked[i].Score);
        return ranked;
    }

    // Each list contributes 1/(k + rank) for its top `depth` chunks; the sum is divided by the best possible (rank 1 in
    // both lists) so a chunk first in both scores 1.
    private (int Id, float Score)[] FuseRanks(string query, VectorIndex.Query unitQuery, int count)
    {
        var depth = Math.Max(count * 4, 100);
        var fused = new Dictionary<int, float>();
        AddRanks(fused, SearchKeywords(query, depth));
        var vectors = new TopK(depth);
        _vectors.Top(unitQuery, vectors);
        AddRanks(fused, vectors.Drain());

        var top = new TopK(count);
        const float best = 2f / (RrfK + 1);
        foreach (var (id, score) in fused)
            top.Offer(id, score / best);
        return top.Drain();
    }

    private static void AddRanks(Dictionary<int, float> fused, (int Id, float Score)[] ranked)
    {
        for (var rank = 0; rank < ranked.Length; rank++)
        {
            fused.TryGetValue(ranked[rank].Id, out var sum);
            fused[ranked[rank].Id] = sum + 1f / (RrfK + rank + 1);
        }
    }

    private static (int Id, float Score)[] Top(ReadOnlySpan<float> scores, int count, float minimum)
    {
        var top = new TopK(count);
        for (var i = 0; i < scores.Length; i++)
        {
            var score = scores[i];
            if (score >= minimum && score > top.Floor)
                top.Offer(i, score);
        }

        return top.Drain();
    }

    private Span<float> Rent(out float[] buffer)
    {
        buffer = ArrayPool<float>.Shared.Rent(_chunks.Count);
        var span = buffer.AsSpan(0, _chunks.Count);
        span.Clear();
        return span;
    }
}
