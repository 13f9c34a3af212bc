namespace Spindle.Tools.FileSearch.Ranking;

/// <summary>
/// Turns a chunk's raw hybrid evidence, h = cosine similarity + <see cref="KeywordWeight"/> × (BM25 ÷ the query's BM25
/// upper bound)², into a score in 0–1 that means the same for every query, so that <c>score_threshold</c> separates
/// relevant chunks from irrelevant ones (OpenAI's semantics). The keyword term is squared so that a query matching a
/// chunk on one common word gains little, while one whose rare terms (an identifier, a code, a number) all occur in a
/// chunk gains up to <see cref="KeywordWeight"/>, more than any cosine gap between two on-topic chunks.
/// </summary>
/// <remarks>
/// For the local model the score is a logistic fit of "this chunk holds the answer" on the labelled corpus in
/// Spindle.Tools.Tests (both chunkings, answerable and unanswerable questions): 1 / (1 + e^(-34 (h - 0.68))). A
/// question the files answer scores a median 0.72 at its top hit, one they do not a median 0.02; 0.5 keeps about two
/// thirds of the answerable questions' top hits and drops about nine in ten unanswerable ones. Other models' cosine
/// similarities have other ranges, so for them the score is h clamped to 0–1 and the threshold is only a floor.
/// </remarks>
internal sealed record ScoreCalibration(float Slope, float Midpoint)
{
    public const float KeywordWeight = 0.3f;

    /// <summary>The local model's fit (see the remarks).</summary>
    public static ScoreCalibration LocalModel { get; } = new(34f, 0.68f);

    public static ScoreCalibration For(string? embeddingModel) =>
        embeddingModel == Embedding.LocalEmbeddingModel.Name ? LocalModel : Uncalibrated;

    private static ScoreCalibration Uncalibrated { get; } = new(0f, 0f);

    /// <summary>The reported score for a chunk's evidence <paramref name="h"/>.</summary>
    public float Score(float h) => Slope == 0f
        ? Math.Clamp(h, 0f, 1f)
        : 1f / (1f + MathF.Exp(-Slope * (h - Midpoint)));
}
