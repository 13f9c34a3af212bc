using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

public sealed class StreamToolsScenarioTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Node_sdk_streamed_function_call_pauses_at_requires_action_and_resumes_on_submitted_output()
    {
        var ct = TestContext.Current.CancellationToken;
        const string callId = "call_nodeStreamWeather01";
        const string arguments = """{"location":"San Francisco, CA","unit":"celsius"}""";
        const string text = "It is 18 °C and sunny in San Francisco.";
        spindle.Upstream.Enqueue(Script.ToolCalls((callId, "get_current_weather", arguments)));
        spindle.Upstream.Enqueue(Script.Reply(text));

        var result = await NodeScenario.RunAsync(spindle, "stream_tools", new Dictionary<string, string>
        {
            ["EXPECT_ARGS"] = arguments,
            ["EXPECT_TEXT"] = text,
            ["CALL_ID"] = callId,
        }, ct);

        Assert.Equal(callId, result.GetProperty("call_id").GetString());
        Assert.Equal(arguments, result.GetProperty("arguments").GetString());
        Assert.Equal(text, result.GetProperty("text").GetString());
        Assert.Equal("thread.run.requires_action", result.GetProperty("events_1").EnumerateArray().Last().GetString());
        Assert.Equal("thread.run.completed", result.GetProperty("events_2").EnumerateArray().Last().GetString());

        // The second model call carries the tool call and its output, under the id the model chose.
        var requests = spindle.Upstream.Requests;
        Assert.Equal(2, requests.Count);
        var tool = Assert.Single(UpstreamPrompt.Messages(requests[1]), static m => m.Role == "tool");
        Assert.Equal((callId, result.GetProperty("tool_output").GetString()), (tool.ToolCallId, tool.Text));
        var assistantTurn = requests[1].Json.GetProperty("messages").EnumerateArray().Single(static m => m.GetProperty("role").GetString() == "assistant");
        var call = assistantTurn.GetProperty("tool_calls").EnumerateArray().Single();
        Assert.Equal((callId, arguments), (call.GetProperty("id").GetString(), call.GetProperty("function").GetProperty("arguments").GetString()));
    }
}
