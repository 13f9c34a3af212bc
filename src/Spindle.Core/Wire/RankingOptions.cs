using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RankingOptions
{
    public string? Ranker { get; init; }
    public double? ScoreThreshold { get; init; }
}
