namespace Spindle.Core.Wire;

public sealed record RankingOptions
{
    public string? Ranker { get; init; }
    public double? ScoreThreshold { get; init; }
}
