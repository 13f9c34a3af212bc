using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary>The body of <c>POST /vector_stores/{id}/search</c>. <c>query</c> is a string or an array of strings.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record VectorStoreSearchRequest
{
    public JsonElement? Query { get; init; }
    public bool? RewriteQuery { get; set => field = value ?? throw new NullNotAllowedException("rewrite_query"); }
    public int? MaxNumResults { get; set => field = value ?? throw new NullNotAllowedException("max_num_results"); }
    public JsonElement? Filters { get; set => field = value ?? throw new NullNotAllowedException("filters"); }
    public SearchRankingOptions? RankingOptions { get; set => field = value ?? throw new NullNotAllowedException("ranking_options"); }
}
