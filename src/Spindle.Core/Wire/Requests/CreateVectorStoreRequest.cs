using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary>The body of <c>POST /vector_stores</c>. <c>description</c> is not in the schema but the real API takes it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateVectorStoreRequest
{
    public List<string>? FileIds { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public VectorStoreExpiration? ExpiresAfter { get; init; }
    public ChunkingStrategy? ChunkingStrategy { get; init; }
    public Dictionary<string, string>? Metadata { get; init; }
}
