using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary>The body of <c>POST /threads</c> (optional) and <c>POST /threads/{id}</c> (no messages there).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateThreadRequest
{
    public List<CreateMessageRequest>? Messages { get; set => field = value ?? throw new NullNotAllowedException("messages"); }
    public ToolResources? ToolResources { get; init; }
    public Dictionary<string, string>? Metadata { get; init; }
}
