using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary>The body of the modify endpoints that take only <c>metadata</c> (messages, runs).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MetadataRequest
{
    public Dictionary<string, string>? Metadata { get; init; }
}
