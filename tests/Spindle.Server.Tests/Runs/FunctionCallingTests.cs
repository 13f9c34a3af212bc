using System.Net;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Server.Tests.Runs;

public sealed class FunctionCallingTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string WeatherTool = """[{"type":"function","function":{"name":"get_current_weather","description":"Weather in a city","parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}]""";

    [Fact]
    public async Task Parallel_function_calls_pause_the_run_until_every_output_is_submitted()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_sf", "get_current_weather", """{"location":"SF"}"""), ("call_ny", "get_current_weather", """{"location":"NYC"}""")));
        spindle.Upstream.Enqueue(Script.Reply("Warm in SF, cold in NYC."));
        var (assistant, thread) = await spindle.SeedAsync(ct, WeatherTool);

        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        var paused = await spindle.WaitForRunAsync(thread, created.Id, ct);
        Assert.Equal("requires_action", paused.Json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, paused.Json.GetProperty("usage").ValueKind);
        var calls = paused.Json.GetProperty("required_action").GetProperty("submit_tool_outputs").GetProperty("tool_calls");
        Assert.Equal(["call_sf", "call_ny"], calls.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal("""{"location":"NYC"}""", calls[1].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("function", calls[0].GetProperty("type").GetString());

        var partial = await spindle.PostAsync($"/v1/threads/{thread}/runs/{created.Id}/submit_tool_outputs",
            """{"tool_outputs":[{"tool_call_id":"call_sf","output":"warm"}]}""", ct);
        Assert.Equal(HttpStatusCode.BadRequest, partial.Status);
        Assert.Equal("tool_outputs", partial.Error.GetProperty("param").GetString());
        Assert.Contains("call_ny", partial.Error.GetProperty("message").GetString());
        Assert.Equal("requires_action", (await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}", ct)).Json.GetProperty("status").GetString());

        var submitted = await spindle.PostAsync($"/v1/threads/{thread}/runs/{created.Id}/submit_tool_outputs",
            """{"tool_outputs":[{"tool_call_id":"call_sf","output":"warm"},{"tool_call_id":"call_ny","output":"cold"}]}""", ct);
        Assert.Equal("queued", submitted.Json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, submitted.Json.GetProperty("required_action").ValueKind);

        var done = await spindle.WaitForRunAsync(thread, created.Id, ct);
        Assert.Equal("completed", done.Json.GetProperty("status").GetString());
        Assert.Equal(paused.Json.GetProperty("started_at").GetInt64(), done.Json.GetProperty("started_at").GetInt64());

        var steps = (await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}/steps?order=asc", ct)).Json.GetProperty("data");
        Assert.Equal(["tool_calls", "message_creation"], steps.EnumerateArray().Select(s => s.GetProperty("type").GetString()));
        var toolCalls = steps[0].GetProperty("step_details").GetProperty("tool_calls");
        Assert.Equal(["warm", "cold"], toolCalls.EnumerateArray().Select(c => c.GetProperty("function").GetProperty("output").GetString()));
        Assert.All(steps.EnumerateArray(), s => Assert.Equal("completed", s.GetProperty("status").GetString()));

        // The second turn saw the assistant's calls and both outputs, in order.
        var second = spindle.Upstream.Requests[^1].Json.GetProperty("messages");
        var roles = second.EnumerateArray().Select(m => m.GetProperty("role").GetString()).ToList();
        Assert.Equal(["system", "user", "assistant", "tool", "tool"], roles);
        Assert.Equal("call_ny", second[4].GetProperty("tool_call_id").GetString());

        var usage = done.Json.GetProperty("usage");
        var stepTotal = steps.EnumerateArray().Sum(s => s.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal(stepTotal, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Unknown_or_duplicate_tool_call_ids_are_rejected()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_only", "get_current_weather", """{"location":"SF"}""")));
        var (assistant, thread) = await spindle.SeedAsync(ct, WeatherTool);
        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        await spindle.WaitForRunAsync(thread, created.Id, ct);

        var unknown = await spindle.PostAsync($"/v1/threads/{thread}/runs/{created.Id}/submit_tool_outputs",
            """{"tool_outputs":[{"tool_call_id":"call_other","output":"x"}]}""", ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);

        var duplicate = await spindle.PostAsync($"/v1/threads/{thread}/runs/{created.Id}/submit_tool_outputs",
            """{"tool_outputs":[{"tool_call_id":"call_only","output":"x"},{"tool_call_id":"call_only","output":"y"}]}""", ct);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.Status);

        var cancelled = await spindle.PostAsync($"/v1/threads/{thread}/runs/{created.Id}/cancel", "", ct);
        Assert.Equal("cancelling", cancelled.Json.GetProperty("status").GetString());
        var run = await spindle.WaitForRunAsync(thread, created.Id, ct);
        Assert.Equal("cancelled", run.Json.GetProperty("status").GetString());
        Assert.True(run.Json.GetProperty("cancelled_at").GetInt64() > 0);
        var step = (await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}/steps", ct)).Json.GetProperty("data")[0];
        Assert.Equal("cancelled", step.GetProperty("status").GetString());
    }
}
