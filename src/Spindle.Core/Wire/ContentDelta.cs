using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary>
/// One content-part delta. Every entry carries <c>index</c> (ASSISTANTS_API.md §7.2 R1) and a text delta always
/// carries <c>text</c>, because the .NET SDK dereferences it (R7).
/// </summary>
public sealed record ContentDelta(int Index, string Type)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TextDelta? Text { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImageFile? ImageFile { get; init; }
}
