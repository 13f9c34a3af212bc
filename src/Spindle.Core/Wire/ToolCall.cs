using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary>A tool call inside a <c>tool_calls</c> step.</summary>
public sealed record ToolCall
{
    public required string Id { get; init; }
    public required string Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FunctionCall? Function { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CodeInterpreterCall? CodeInterpreter { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FileSearchCall? FileSearch { get; init; }
}
