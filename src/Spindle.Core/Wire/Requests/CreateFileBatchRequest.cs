using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary>
/// The body of <c>POST /vector_stores/{id}/file_batches</c>: <c>file_ids</c> or <c>files</c>, never both; the top-level
/// <c>chunking_strategy</c> and <c>attributes</c> apply to <c>file_ids</c> only (ASSISTANTS_API.md §2.6).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateFileBatchRequest
{
    public List<string>? FileIds { get; set => field = value ?? throw new NullNotAllowedException("file_ids"); }
    public List<CreateVectorStoreFileRequest>? Files { get; set => field = value ?? throw new NullNotAllowedException("files"); }
    public ChunkingStrategy? ChunkingStrategy { get; set => field = value ?? throw new NullNotAllowedException("chunking_strategy"); }
    public Dictionary<string, JsonElement>? Attributes { get; init; }
}
