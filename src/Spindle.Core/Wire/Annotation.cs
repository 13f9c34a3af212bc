using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary>A <c>file_citation</c> or <c>file_path</c> annotation on a text part.</summary>
public sealed record Annotation
{
    /// <summary>The position in <c>annotations</c>; sent only in deltas, where every array entry carries it (§7.2 R1).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Index { get; init; }

    public required string Type { get; init; }
    public required string Text { get; init; }
    public int StartIndex { get; init; }
    public int EndIndex { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FileReference? FileCitation { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FileReference? FilePath { get; init; }
}
