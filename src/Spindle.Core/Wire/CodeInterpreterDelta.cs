using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary>A piece of a <c>code_interpreter</c> call: more of its <c>input</c>, or new <c>outputs</c>.</summary>
public sealed record CodeInterpreterDelta
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Input { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CodeInterpreterOutput>? Outputs { get; init; }
}
