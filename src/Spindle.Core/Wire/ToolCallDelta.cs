using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary>
/// A piece of one tool call. <c>id</c> and <c>function.name</c> go only in the first delta of a call, because the
/// SDKs concatenate strings they see twice (ASSISTANTS_API.md §7.2 R3).
/// </summary>
public sealed record ToolCallDelta(int Index, string Type)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FunctionCallDelta? Function { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CodeInterpreterDelta? CodeInterpreter { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FileSearchCall? FileSearch { get; init; }
}
