using System.Text.Json;

namespace Spindle.Testing;

/// <summary>One <c>POST /v1/chat/completions</c> the fake upstream received.</summary>
/// <param name="Body">The raw request body.</param>
/// <param name="Json">The body, parsed.</param>
/// <param name="Authorization">The <c>Authorization</c> header as sent, e.g. <c>Bearer sk-…</c>; null when absent.</param>
public sealed record RecordedRequest(string Body, JsonElement Json, string? Authorization)
{
    internal RecordingStream Sent { get; } = new();

    /// <summary>Every body byte the fake has written back so far: the JSON, or the whole SSE stream.</summary>
    public byte[] ResponseBody => Sent.Recorded;
}
