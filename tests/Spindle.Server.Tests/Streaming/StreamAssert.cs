using System.Text;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Server.Tests.Streaming;

/// <summary>Wire rules every streamed message and step must keep (ASSISTANTS_API.md §6.4, §7.2, §7.3).</summary>
internal static class StreamAssert
{
    public const string Done = "[DONE]";

    /// <summary>The events of one message-creation step with <paramref name="deltas"/> text deltas (§6.3 <c>step</c>).</summary>
    public static string[] TextStep(int deltas) =>
    [
        "thread.run.step.created", "thread.run.step.in_progress",
        "thread.message.created", "thread.message.in_progress",
        .. Enumerable.Repeat("thread.message.delta", deltas),
        "thread.message.completed", "thread.run.step.completed",
    ];

    public static string[] RunStart => ["thread.run.created", "thread.run.queued", "thread.run.in_progress"];

    /// <summary>A run cancelled after its first message delta: the open message and step close, then the run.</summary>
    public static string[] CancelledAfterFirstDelta =>
    [
        .. RunStart, "thread.run.step.created", "thread.run.step.in_progress",
        "thread.message.created", "thread.message.in_progress", "thread.message.delta",
        "thread.run.cancelling", "thread.message.incomplete", "thread.run.step.cancelled", "thread.run.cancelled", "done",
    ];

    /// <summary>
    /// Checks every message delta of <paramref name="events"/>: it names the open message, carries <c>index</c>,
    /// <c>type:"text"</c> and a <c>text</c> object (R1, R7), and only the first has <c>annotations: []</c> (R3).
    /// Returns the concatenated text.
    /// </summary>
    public static string TextDeltas(IEnumerable<SseEvent> events, string messageId)
    {
        var text = new StringBuilder();
        var first = true;
        foreach (var delta in events.Where(e => e.Event == "thread.message.delta").Select(e => e.Json))
        {
            Assert.Equal(messageId, delta.GetProperty("id").GetString());
            Assert.Equal("thread.message.delta", delta.GetProperty("object").GetString());
            var part = Assert.Single(delta.GetProperty("delta").GetProperty("content").EnumerateArray());
            Assert.Equal(0, part.GetProperty("index").GetInt32());
            Assert.Equal("text", part.GetProperty("type").GetString());
            var body = part.GetProperty("text");
            Assert.Equal(JsonValueKind.Object, body.ValueKind);
            if (first)
            {
                Assert.Equal("[]", body.GetProperty("annotations").GetRawText());
            }
            else
            {
                Assert.False(body.TryGetProperty("annotations", out _), $"Only the first delta of a part carries annotations: {delta}");
            }

            text.Append(body.GetProperty("value").GetString());
            first = false;
        }

        Assert.False(first, "The stream had no message delta.");
        return text.ToString();
    }

    public static string Text(JsonElement message) =>
        Assert.Single(message.GetProperty("content").EnumerateArray()).GetProperty("text").GetProperty("value").GetString()!;

    /// <summary>The stored object and the one the stream ended with are the same, field for field.</summary>
    public static void SameObject(JsonElement streamed, JsonElement fetched) =>
        Assert.True(JsonElement.DeepEquals(streamed, fetched), $"Streamed and fetched objects differ.\nstreamed: {streamed}\nfetched:  {fetched}");

    public static void IsNull(JsonElement owner, string property) =>
        Assert.Equal(JsonValueKind.Null, owner.GetProperty(property).ValueKind);

    public static long Time(JsonElement owner, string property) => owner.GetProperty(property).GetInt64();
}
