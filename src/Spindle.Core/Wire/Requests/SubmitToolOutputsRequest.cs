using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SubmitToolOutputsRequest
{
    public List<ToolOutput>? ToolOutputs { get; init; }
    public bool? Stream { get; init; }
}
