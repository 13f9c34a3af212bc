using System.Net;
using System.Text;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Server.Tests.Streaming;

/// <summary>
/// One streamed response read to the end: status, content type, the body exactly as sent, and its events. Parsing
/// is strict on purpose: every frame must be one <c>event:</c> line, one <c>data:</c> line and a blank line with
/// <c>\n</c> endings, as the real service sends (ASSISTANTS_API.md §6.1).
/// </summary>
internal sealed record SseTranscript(HttpStatusCode Status, string? ContentType, string Raw, IReadOnlyList<SseEvent> Events)
{
    public IReadOnlyList<string> Names => [.. Events.Select(e => e.Event)];

    public JsonElement Single(string name) => Events.Single(e => e.Event == name).Json;

    public IEnumerable<JsonElement> All(string name) => Events.Where(e => e.Event == name).Select(e => e.Json);

    public static async Task<SseTranscript> PostAsync(HttpClient http, string path, string json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var raw = await response.Content.ReadAsStringAsync(cancellationToken);
        var contentType = response.Content.Headers.ContentType?.ToString();
        return new SseTranscript(response.StatusCode, contentType, raw, response.StatusCode == HttpStatusCode.OK ? Parse(raw) : []);
    }

    private static List<SseEvent> Parse(string raw)
    {
        Assert.DoesNotContain('\r', raw);
        Assert.EndsWith("\n\n", raw, StringComparison.Ordinal);
        var frames = raw[..^2].Split("\n\n");
        var events = new List<SseEvent>(frames.Length);
        foreach (var frame in frames)
        {
            var lines = frame.Split('\n');
            Assert.True(lines.Length == 2, $"A frame must be exactly one event line and one data line: {frame}");
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            events.Add(new SseEvent(lines[0]["event: ".Length..], lines[1]["data: ".Length..]));
        }

        return events;
    }
}
