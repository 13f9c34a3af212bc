using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

public sealed class FunctionsScenarioTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Node_sdk_parallel_function_calls_pause_then_complete_after_all_outputs_are_submitted()
    {
        var ct = TestContext.Current.CancellationToken;
        const string text = "It is 18 °C and sunny in San Francisco.";
        string[] ids = ["call_nodeWeather0001", "call_nodeWeather0002"];
        string[] arguments = ["""{"location":"San Francisco, CA"}""", """{"location":"San Francisco, CA","unit":"fahrenheit"}"""];
        spindle.Upstream.Enqueue(Script.ToolCalls((ids[0], "get_current_weather", arguments[0]), (ids[1], "get_current_weather", arguments[1])));
        spindle.Upstream.Enqueue(Script.Reply(text));

        var result = await NodeScenario.RunAsync(spindle, "functions", new Dictionary<string, string>
        {
            ["CALL_IDS"] = string.Join(',', ids),
            ["EXPECT_TEXT"] = text,
        }, ct);

        Assert.Equal(ids, result.GetProperty("call_ids").EnumerateArray().Select(static e => e.GetString()));
        Assert.Equal(arguments, result.GetProperty("arguments").EnumerateArray().Select(static e => e.GetString()));
        Assert.Equal("invalid_request_error", result.GetProperty("partial_submit_error").GetProperty("type").GetString());
        Assert.Equal(
            ["tool_calls:completed", "message_creation:completed"],
            result.GetProperty("steps").EnumerateArray().Select(static s => $"{s.GetProperty("type").GetString()}:{s.GetProperty("status").GetString()}"));

        // Two model calls: the rejected partial submit must not have produced a third.
        var requests = spindle.Upstream.Requests;
        Assert.Equal(2, requests.Count);
        var outputs = result.GetProperty("tool_outputs").EnumerateArray()
            .Select(static o => (o.GetProperty("tool_call_id").GetString(), o.GetProperty("output").GetString()!))
            .ToList();
        var toolMessages = UpstreamPrompt.Messages(requests[1]).Where(static m => m.Role == "tool").Select(static m => (m.ToolCallId, m.Text)).ToList();
        Assert.Equal(outputs, toolMessages);
    }
}
