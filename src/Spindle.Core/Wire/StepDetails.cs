using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary><c>{"type":"message_creation","message_creation":{…}}</c> or <c>{"type":"tool_calls","tool_calls":[…]}</c>.</summary>
public sealed record StepDetails
{
    public required string Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MessageCreation? MessageCreation { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ToolCall>? ToolCalls { get; init; }
}
