namespace Spindle.Tools.FileSearch.Ranking;

/// <summary>How Hybrid mode combines the keyword and vector rankings.</summary>
internal enum FusionMethod
{
    /// <summary>
    /// 0.5 × cosine similarity (clamped at 0) + 0.5 × BM25 divided by the query's best BM25, over every chunk.
    /// </summary>
    ScoreBlend,

    /// <summary>Reciprocal-rank fusion (k = 60) of the two top lists, divided by its maximum so scores stay in 0–1.</summary>
    ReciprocalRank,
}
