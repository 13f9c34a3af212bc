using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

public sealed class StreamTextScenarioTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Node_sdk_runs_stream_yields_one_message_delta_per_model_chunk_in_spec_order()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] chunks = ["Hello", "! How", " can I help?"];
        spindle.Upstream.Enqueue(Script.Reply(chunks));

        var result = await NodeScenario.RunAsync(spindle, "stream_text", new Dictionary<string, string>
        {
            ["EXPECT_TEXT"] = string.Concat(chunks),
            ["EXPECT_DELTAS"] = chunks.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, ct);

        Assert.Equal(string.Concat(chunks), result.GetProperty("text").GetString());
        Assert.Equal(chunks.Length, result.GetProperty("delta_count").GetInt32());
        Assert.Single(spindle.Upstream.Requests);

        var thread = result.GetProperty("thread_id").GetString();
        var message = await spindle.GetAsync($"/v1/threads/{thread}/messages/{result.GetProperty("message_id").GetString()}", ct);
        Assert.Equal(string.Concat(chunks), message.Json.GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString());
        Assert.Equal(result.GetProperty("run_id").GetString(), message.Json.GetProperty("run_id").GetString());
    }
}
