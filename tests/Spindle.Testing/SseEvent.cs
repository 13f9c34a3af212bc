using System.Text.Json;

namespace Spindle.Testing;

/// <summary>One server-sent event as it came off the wire.</summary>
public sealed record SseEvent(string Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}
