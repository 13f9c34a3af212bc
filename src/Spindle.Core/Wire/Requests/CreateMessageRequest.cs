using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary><c>content</c> is a string or an array of <c>text</c>/<c>image_file</c>/<c>image_url</c> parts.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateMessageRequest
{
    public string? Role { get; init; }
    public JsonElement? Content { get; init; }
    public List<Attachment>? Attachments { get; init; }
    public Dictionary<string, string>? Metadata { get; init; }
}
