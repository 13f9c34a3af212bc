using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CodeInterpreterResources
{
    // A setter, not init: the source generator fills init properties missing from the JSON with null, not with [].
    public IReadOnlyList<string> FileIds { get; set => field = value ?? throw new NullNotAllowedException("file_ids"); } = [];
}
