using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary>A <c>file_citation</c> or <c>file_path</c> annotation on a text part.</summary>
public sealed record Annotation
{
    public required string Type { get; init; }
    public required string Text { get; init; }
    public int StartIndex { get; init; }
    public int EndIndex { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FileReference? FileCitation { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FileReference? FilePath { get; init; }
}
