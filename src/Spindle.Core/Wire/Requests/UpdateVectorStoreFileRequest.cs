using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary>
/// The body of <c>POST /vector_stores/{id}/files/{file_id}</c>: new <c>attributes</c>, or null to clear them. The field is
/// required, so it stays raw JSON: <see cref="JsonValueKind.Undefined"/> when absent, unlike an explicit null.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UpdateVectorStoreFileRequest
{
    public JsonElement Attributes { get; init; }
}
