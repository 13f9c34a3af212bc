using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary>The body of <c>POST /assistants</c> and, with every field optional, <c>POST /assistants/{id}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateAssistantRequest
{
    public string? Model { get; set => field = value ?? throw new NullNotAllowedException("model"); }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Instructions { get; init; }
    public List<Tool>? Tools { get; set => field = value ?? throw new NullNotAllowedException("tools"); }
    public ToolResources? ToolResources { get; init; }
    public Dictionary<string, string>? Metadata { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public JsonElement? ResponseFormat { get; init; }
    public string? ReasoningEffort { get; init; }
}
