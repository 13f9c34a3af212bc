using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary><c>{"type":"logs","logs":"…"}</c> or <c>{"type":"image","image":{"file_id":"file-…"}}</c>.</summary>
public sealed record CodeInterpreterOutput
{
    /// <summary>The position in <c>outputs</c>; sent only in deltas, where every array entry carries it (§7.2 R1).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Index { get; init; }

    public required string Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Logs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FileReference? Image { get; init; }
}
