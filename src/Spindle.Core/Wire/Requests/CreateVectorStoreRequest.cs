using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary>The body of <c>POST /vector_stores</c>. <c>description</c> is not in the schema but the real API takes it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateVectorStoreRequest
{
    public List<string>? FileIds { get; set => field = value ?? throw new NullNotAllowedException("file_ids"); }
    public string? Name { get; set => field = value ?? throw new NullNotAllowedException("name"); }
    public string? Description { get; set => field = value ?? throw new NullNotAllowedException("description"); }
    public VectorStoreExpiration? ExpiresAfter { get; set => field = value ?? throw new NullNotAllowedException("expires_after"); }
    public ChunkingStrategy? ChunkingStrategy { get; set => field = value ?? throw new NullNotAllowedException("chunking_strategy"); }
    public Dictionary<string, string>? Metadata { get; init; }
}
