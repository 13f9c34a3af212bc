using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

/// <summary>Reads the chat-completions <c>messages</c> Spindle sent to the fake upstream.</summary>
internal static class UpstreamPrompt
{
    public static IReadOnlyList<(string Role, string Text, string? ToolCallId)> Messages(RecordedRequest request) =>
        [.. request.Json.GetProperty("messages").EnumerateArray().Select(static m => (
            m.GetProperty("role").GetString()!,
            Text(m),
            m.TryGetProperty("tool_call_id", out var id) ? id.GetString() : null))];

    // "content" is a string, an array of parts ({"type":"text","text":…}), or null on an assistant tool-call turn.
    private static string Text(JsonElement message) => message.TryGetProperty("content", out var content)
        ? content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => string.Concat(content.EnumerateArray()
                .Where(static p => p.TryGetProperty("type", out var t) && t.GetString() == "text")
                .Select(static p => p.GetProperty("text").GetString())),
            _ => "",
        }
        : "";
}
