using System.Text.Json;
using Spindle.Core.Wire;

namespace Spindle.Core.Tests;

public sealed class WireJsonTests
{
    // What OpenAI sends as it is and what an HTML-safe encoder would escape: non-ASCII, quotes, <, >, &, ', U+2028, an
    // emoji, a backslash, a newline.
    private const string Tricky = "Grüße \"hi\" <b> & ' \u2028 😀 \\ \n";

    private static readonly Run TrickyRun = new()
    {
        Id = "run_a",
        CreatedAt = 1_700_000_000,
        AssistantId = "asst_a",
        ThreadId = "thread_a",
        Status = "queued",
        Model = "gpt-4o",
        Instructions = Tricky,
        Metadata = new Dictionary<string, string> { [Tricky] = Tricky },
        ResponseFormat = JsonDocument.Parse("""{"type":"json_schema","json_schema":{"name":"ü","schema":{"description":"<\"x\">"}}}""").RootElement,
    };

    [Fact]
    public void A_run_is_written_byte_for_byte_as_the_wire_context_writes_it()
    {
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(TrickyRun, SpindleJsonContext.Wire.Run), WireJson.ToUtf8Bytes(TrickyRun, SpindleJsonContext.Default.Run));
        Assert.Equal(JsonSerializer.Serialize(TrickyRun, SpindleJsonContext.Wire.Run), WireJson.ToJson(TrickyRun, SpindleJsonContext.Default.Run));
        Assert.Contains("Grüße \\\"hi\\\" <b>", WireJson.ToJson(TrickyRun, SpindleJsonContext.Default.Run), StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_after_one_larger_than_the_kept_buffer_is_written_whole_and_alone()
    {
        Message With(string text) => new()
        {
            Id = "msg_a",
            CreatedAt = 1_700_000_000,
            ThreadId = "thread_a",
            Role = "user",
            Content = [new MessageContent { Type = "text", Text = new MessageText(text, []) }],
        };
        var large = With(string.Concat(Enumerable.Repeat(Tricky, 10_000)));
        var small = With(Tricky);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(large, SpindleJsonContext.Wire.Message), WireJson.ToUtf8Bytes(large, SpindleJsonContext.Default.Message));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(small, SpindleJsonContext.Wire.Message), WireJson.ToUtf8Bytes(small, SpindleJsonContext.Default.Message));
    }
}
