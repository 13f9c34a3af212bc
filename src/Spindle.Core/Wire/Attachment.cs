using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record Attachment
{
    public string? FileId { get; init; }
    // A setter, not init: the source generator fills init properties missing from the JSON with null, not with [].
    public IReadOnlyList<Tool> Tools { get; set => field = value ?? throw new NullNotAllowedException("tools"); } = [];
}
