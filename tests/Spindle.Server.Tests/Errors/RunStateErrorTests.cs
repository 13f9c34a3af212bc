using System.Net;
using Spindle.Testing;

namespace Spindle.Server.Tests.Errors;

/// <summary>Requests that are well-formed but not allowed in the run's current state (ASSISTANTS_API.md §1.6, §5).</summary>
public sealed class RunStateErrorTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string WeatherTool = """[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{}}}}]""";

    private async Task<(string Assistant, string Thread, string Run)> PausedRunAsync(CancellationToken ct)
    {
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_weather1", "get_weather", """{"city":"Paris"}""")));
        var (assistant, thread) = await spindle.SeedAsync(ct, tools: WeatherTool);
        var run = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        Assert.Equal("requires_action", (await spindle.WaitForRunAsync(thread, run.Id, ct)).Json.GetProperty("status").GetString());
        return (assistant, thread, run.Id);
    }

    private async Task<string> SnapshotAsync(string thread, CancellationToken ct) =>
        (await spindle.GetAsync($"/v1/threads/{thread}/messages?limit=100", ct)).Body + (await spindle.GetAsync($"/v1/threads/{thread}/runs?limit=100", ct)).Body;

    [Fact]
    public async Task Second_run_while_one_is_active_is_rejected_and_not_stored()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread, run) = await PausedRunAsync(ct);
        var before = await SnapshotAsync(thread, ct);

        var second = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        var streamed = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);

        var error = ErrorEnvelope.Assert(second, HttpStatusCode.BadRequest, null);
        Assert.Equal($"Thread {thread} already has an active run {run}.", error.GetProperty("message").GetString());
        Assert.Equal(second.Body, streamed.Body);
        Assert.Equal(before, await SnapshotAsync(thread, ct));
        await spindle.PostAsync($"/v1/threads/{thread}/runs/{run}/cancel", "", ct);
    }

    [Fact]
    public async Task Message_while_a_run_is_active_is_rejected_and_not_stored()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, thread, run) = await PausedRunAsync(ct);
        var before = await SnapshotAsync(thread, ct);

        var reply = await spindle.PostAsync($"/v1/threads/{thread}/messages", """{"role":"user","content":"Are you there?"}""", ct);

        var error = ErrorEnvelope.Assert(reply, HttpStatusCode.BadRequest, null);
        Assert.Equal($"Can't add messages to {thread} while a run {run} is active.", error.GetProperty("message").GetString());
        Assert.Equal(before, await SnapshotAsync(thread, ct));
        await spindle.PostAsync($"/v1/threads/{thread}/runs/{run}/cancel", "", ct);
    }

    [Fact]
    public async Task Tool_outputs_that_miss_or_invent_a_call_id_are_rejected_and_the_run_keeps_waiting()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, thread, run) = await PausedRunAsync(ct);
        var before = await SnapshotAsync(thread, ct);

        var missing = await spindle.PostAsync($"/v1/threads/{thread}/runs/{run}/submit_tool_outputs", """{"tool_outputs":[]}""", ct);
        var unknown = await spindle.PostAsync($"/v1/threads/{thread}/runs/{run}/submit_tool_outputs", """{"tool_outputs":[{"tool_call_id":"call_other","output":"1"}]}""", ct);
        var absent = await spindle.PostAsync($"/v1/threads/{thread}/runs/{run}/submit_tool_outputs", "{}", ct);

        ErrorEnvelope.Assert(missing, HttpStatusCode.BadRequest, "tool_outputs");
        ErrorEnvelope.Assert(unknown, HttpStatusCode.BadRequest, "tool_outputs");
        ErrorEnvelope.Assert(absent, HttpStatusCode.BadRequest, "tool_outputs", "missing_required_parameter");
        Assert.Equal(before, await SnapshotAsync(thread, ct));
        await spindle.PostAsync($"/v1/threads/{thread}/runs/{run}/cancel", "", ct);
    }

    [Fact]
    public async Task Tool_outputs_and_cancel_on_a_completed_run_are_400_and_leave_it_completed()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("Done."));
        var (assistant, thread) = await spindle.SeedAsync(ct);
        var run = (await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct)).Id;
        var completed = await spindle.WaitForRunAsync(thread, run, ct);
        Assert.Equal("completed", completed.Json.GetProperty("status").GetString());
        var before = await SnapshotAsync(thread, ct);

        var submit = await spindle.PostAsync($"/v1/threads/{thread}/runs/{run}/submit_tool_outputs", """{"tool_outputs":[{"tool_call_id":"call_x","output":"1"}]}""", ct);
        var cancel = await spindle.PostAsync($"/v1/threads/{thread}/runs/{run}/cancel", "", ct);

        var submitError = ErrorEnvelope.Assert(submit, HttpStatusCode.BadRequest, null);
        Assert.Equal("Runs in status \"completed\" do not accept tool outputs.", submitError.GetProperty("message").GetString());
        var cancelError = ErrorEnvelope.Assert(cancel, HttpStatusCode.BadRequest, null);
        Assert.Equal("Cannot cancel run with status 'completed'.", cancelError.GetProperty("message").GetString());
        Assert.Equal(before, await SnapshotAsync(thread, ct));
        Assert.Equal(completed.Body, (await spindle.GetAsync($"/v1/threads/{thread}/runs/{run}", ct)).Body);
    }
}
