using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary>
/// The body of <c>POST /vector_stores/{id}</c>. An explicit <c>"expires_after": null</c> removes the expiry, unlike
/// leaving it out: System.Text.Json calls the setter only for a field that is present.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ModifyVectorStoreRequest
{
    public string? Name { get; init; }

    public VectorStoreExpiration? ExpiresAfter
    {
        get;
        set
        {
            field = value;
            HasExpiresAfter = true;
        }
    }

    [JsonIgnore]
    public bool HasExpiresAfter { get; private set; }

    public Dictionary<string, string>? Metadata { get; init; }
}
