using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary>The body of <c>POST /vector_stores/{id}/search</c>. <c>query</c> is a string or an array of strings.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record VectorStoreSearchRequest
{
    public JsonElement? Query { get; init; }
    public bool? RewriteQuery { get; init; }
    public int? MaxNumResults { get; init; }
    public JsonElement? Filters { get; init; }
    public SearchRankingOptions? RankingOptions { get; init; }
}
