using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary><c>expires_after</c> of a vector store: <c>{"anchor":"last_active_at","days":1..365}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record VectorStoreExpiration
{
    public string? Anchor { get; init; }
    public int? Days { get; init; }
}
