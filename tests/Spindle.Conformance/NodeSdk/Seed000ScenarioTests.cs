using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

/// <summary>
/// Seed 000 (the "Simple English Wikipedia Assistant"): an HTML page as the user message, <c>create_and_poll</c> and the
/// seed's loop over <c>messages.list</c>, then its streaming <c>EventHandler</c> (text created / text delta / end)
/// through the Node SDK's <c>runs.stream</c>.
/// </summary>
public sealed class Seed000ScenarioTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string Instructions = "Your\nvery\ncool\nmulti-line\nprompt.";

    // Quotes of both kinds, an ampersand entity, a <script> with a JSON string, and non-ASCII (Latin, CJK, emoji).
    private const string Html = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Crème brûlée — Simple English Wikipedia</title></head>
        <body>
        <h1 class='title'>Crème brûlée</h1>
        <p>Crème brûlée ("burnt cream") is a dessert &amp; it's served cold. 日本語: クレームブリュレ 🍮</p>
        <script>var info = {"name": "crème \"brûlée\"", "path": "C:\\desserts"};</script>
        </body>
        </html>
        """;

    [Fact]
    public async Task Node_sdk_html_message_createAndPoll_then_stream_handler_print_the_model_replies()
    {
        var ct = TestContext.Current.CancellationToken;
        const string text = "Crème brûlée is a sweet \"burnt cream\" dessert. It's eaten cold. 🍮";
        string[] chunks = ["Crème ", "brûlée: ", "a cold \"burnt cream\" ", "dessert — クレームブリュレ."];
        spindle.Upstream.Enqueue(Script.Reply(text));
        spindle.Upstream.Enqueue(Script.Reply(chunks));

        var result = await NodeScenario.RunAsync(spindle, "seed000", new Dictionary<string, string>
        {
            ["HTML_CONTENT"] = Html,
            ["EXPECT_TEXT"] = text,
            ["EXPECT_TEXT2"] = string.Concat(chunks),
        }, ct);

        Assert.Equal("completed", result.GetProperty("status").GetString());
        Assert.Equal(text, result.GetProperty("content").GetString());
        Assert.Equal(["assistant", "user"], result.GetProperty("message_roles").EnumerateArray().Select(static r => r.GetString()));
        Assert.Equal(string.Concat(chunks), result.GetProperty("printed").GetString());
        Assert.Equal(chunks.Length, result.GetProperty("delta_count").GetInt32());
        Assert.Equal(1, result.GetProperty("ended").GetInt32());

        // Both model calls saw the multi-line prompt as the system message and the page byte for byte.
        var requests = spindle.Upstream.Requests;
        Assert.Equal(2, requests.Count);
        foreach (var request in requests)
        {
            var prompt = UpstreamPrompt.Messages(request);
            Assert.Equal(("system", Instructions), (prompt[0].Role, prompt[0].Text));
            Assert.Equal(("user", Html), (prompt[^1].Role, prompt[^1].Text));
            Assert.Equal(2, prompt.Count);
        }

        // What Spindle stored is what the SDK sent and read back.
        var thread = result.GetProperty("thread_id").GetString();
        var messages = await spindle.GetAsync($"/v1/threads/{thread}/messages?order=asc", ct);
        var data = messages.Json.GetProperty("data");
        Assert.Equal(Html, data[0].GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString());
        Assert.Equal(text, data[1].GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString());

        var streamThread = result.GetProperty("stream_thread_id").GetString();
        var streamRun = await spindle.GetAsync($"/v1/threads/{streamThread}/runs/{result.GetProperty("stream_run_id").GetString()}", ct);
        Assert.Equal("completed", streamRun.Json.GetProperty("status").GetString());
        Assert.Equal(Instructions, streamRun.Json.GetProperty("instructions").GetString());
    }
}
