using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary>A piece of text; <c>annotations: []</c> goes only in the first delta of a part (R3, R7).</summary>
public sealed record TextDelta
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Value { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Annotation>? Annotations { get; init; }
}
