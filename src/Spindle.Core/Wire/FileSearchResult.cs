using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

public sealed record FileSearchResult
{
    public required string FileId { get; init; }
    public required string FileName { get; init; }
    public required double Score { get; init; }
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FileSearchResultContent>? Content { get; init; }
}
