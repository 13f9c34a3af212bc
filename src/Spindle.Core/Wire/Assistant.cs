using System.Text.Json;

namespace Spindle.Core.Wire;

public sealed record Assistant
{
    public required string Id { get; init; }
    public string Object => "assistant";
    public required long CreatedAt { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public required string Model { get; init; }
    public string? Instructions { get; init; }
    public IReadOnlyList<Tool> Tools { get; init; } = [];
    public ToolResources ToolResources { get; init; } = new();
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public JsonElement ResponseFormat { get; init; } = WireDefaults.Auto;
    public string? ReasoningEffort { get; init; }
}
