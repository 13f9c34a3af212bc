using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary>
/// The body of <c>POST /vector_stores/{id}</c>. <c>expires_after</c> stays raw JSON because an explicit
/// <c>null</c> (remove the expiry) differs from leaving it out: <see cref="JsonValueKind.Undefined"/> when absent.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ModifyVectorStoreRequest
{
    public string? Name { get; init; }
    public JsonElement ExpiresAfter { get; init; }
    public Dictionary<string, string>? Metadata { get; init; }
}
