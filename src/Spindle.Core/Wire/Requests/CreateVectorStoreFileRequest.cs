using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary>The body of <c>POST /vector_stores/{id}/files</c>, and one entry of a batch's <c>files</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateVectorStoreFileRequest
{
    public string? FileId { get; init; }
    public ChunkingStrategy? ChunkingStrategy { get; set => field = value ?? throw new NullNotAllowedException("chunking_strategy"); }
    public Dictionary<string, JsonElement>? Attributes { get; init; }
}
