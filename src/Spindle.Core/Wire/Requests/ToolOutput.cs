using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ToolOutput
{
    public string? ToolCallId { get; init; }
    public string? Output { get; init; }
}
