using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

/// <summary>
/// Seed 000's "new way" through the Node SDK: <c>chat.completions.create</c> (whole and streamed), a streamed tool
/// call, <c>embeddings.create</c> and a provider error, all on Spindle's base URL and key.
/// </summary>
public sealed class ChatCompletionsScenarioTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string Html = "<html><body><h1>Crème brûlée</h1><p>A dessert &amp; \"burnt cream\". 🍮</p></body></html>";

    [Fact]
    public async Task Node_sdk_runs_seed_000s_chat_completions_against_Spindle()
    {
        var ct = TestContext.Current.CancellationToken;
        const string text = "Crème brûlée is a cold \"burnt cream\" dessert.";
        string[] chunks = ["Crème ", "brûlée: ", "a dessert 🍮"];
        const string arguments = """{"location":"Paris, France"}""";
        spindle.Upstream.Enqueue(Script.Reply(text));
        spindle.Upstream.Enqueue(Script.Reply(chunks));
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_paris", "get_current_weather", arguments)));
        spindle.Upstream.Enqueue(Script.Error(400, "This model's maximum context length is 16385 tokens."));

        var result = await NodeScenario.RunAsync(spindle, "chat_completions", new Dictionary<string, string>
        {
            ["HTML_CONTENT"] = Html,
            ["EXPECT_TEXT"] = text,
            ["EXPECT_TEXT2"] = string.Concat(chunks),
            ["EXPECT_ARGS"] = arguments,
        }, ct);

        Assert.Equal(text, result.GetProperty("content").GetString());
        Assert.Equal(chunks.Length, result.GetProperty("chunk_count").GetInt32());
        Assert.Equal("get_current_weather", result.GetProperty("tool_call").GetString());
        Assert.Equal(2, result.GetProperty("embedding_count").GetInt32());
        Assert.True(result.GetProperty("dimensions").GetInt32() > 0);
        Assert.Equal(400, result.GetProperty("error_status").GetInt32());

        // Every call reached the provider with its key, not the caller's, and the seed's prompt verbatim.
        var requests = spindle.Upstream.Requests;
        Assert.Equal(4, requests.Count);
        Assert.All(requests, static r => Assert.Equal("Bearer sk-upstream", r.Authorization));
        var first = requests[0].Json.GetProperty("messages");
        Assert.Equal("gpt-3.5-turbo", requests[0].Json.GetProperty("model").GetString());
        Assert.Equal("Your\nvery\ncool\nmulti-line\nprompt.", first[0].GetProperty("content").GetString());
        Assert.Equal(Html, first[1].GetProperty("content").GetString());
    }
}
