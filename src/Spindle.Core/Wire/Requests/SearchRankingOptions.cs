using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary><c>ranking_options</c> of a search request: <c>ranker</c> none|auto|default-2024-11-15, <c>score_threshold</c> 0–1.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SearchRankingOptions
{
    public string? Ranker { get; set => field = value ?? throw new NullNotAllowedException("ranker"); }
    public double? ScoreThreshold { get; set => field = value ?? throw new NullNotAllowedException("score_threshold"); }
}
