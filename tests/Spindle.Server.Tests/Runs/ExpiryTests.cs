using Microsoft.Extensions.Time.Testing;
using Spindle.Testing;

namespace Spindle.Server.Tests.Runs;

public sealed class FakeClockSpindle : SpindleFixture
{
    public FakeClockSpindle() => Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
}

public sealed class ExpiryTests(FakeClockSpindle spindle) : IClassFixture<FakeClockSpindle>
{
    [Fact]
    public async Task A_young_run_tells_pollers_to_poll_sooner_than_an_older_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var (thread, created) = await CreateRunThatCallsAToolAsync(ct);
        Assert.Equal("25", created.Headers["openai-poll-after-ms"]);
        var paused = await spindle.WaitForRunAsync(thread, created.Id, ct);
        Assert.Equal(("requires_action", "25"), (paused.Json.GetProperty("status").GetString(), paused.Headers["openai-poll-after-ms"]));

        spindle.Clock!.Advance(TimeSpan.FromSeconds(3));
        var older = await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}", ct);
        Assert.Equal("100", older.Headers["openai-poll-after-ms"]);
        Assert.Equal("100", (await spindle.GetAsync($"/v1/threads/{thread}/runs", ct)).Headers["openai-poll-after-ms"]);

        spindle.Upstream.Enqueue(Script.Reply("Done."));
        var streamed = await spindle.PostAsync($"/v1/threads/{thread}/runs/{created.Id}/submit_tool_outputs",
            """{"tool_outputs":[{"tool_call_id":"call_1","output":"x"}],"stream":true}""", ct);
        Assert.False(streamed.Headers.ContainsKey("openai-poll-after-ms"));
    }

    [Fact]
    public async Task A_run_left_in_requires_action_expires_ten_minutes_after_creation()
    {
        var ct = TestContext.Current.CancellationToken;
        var (thread, created) = await CreateRunThatCallsAToolAsync(ct);
        Assert.Equal("requires_action", (await spindle.WaitForRunAsync(thread, created.Id, ct)).Json.GetProperty("status").GetString());

        spindle.Clock!.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(100, ct);
        Assert.Equal("requires_action", (await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}", ct)).Json.GetProperty("status").GetString());

        spindle.Clock.Advance(TimeSpan.FromMinutes(1));
        var run = await spindle.WaitForRunAsync(thread, created.Id, ct);
        for (var i = 0; i < 100 && run.Json.GetProperty("status").GetString() == "requires_action"; i++)
        {
            await Task.Delay(20, ct);
            run = await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}", ct);
        }

        Assert.Equal("expired", run.Json.GetProperty("status").GetString());
        var step = (await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}/steps", ct)).Json.GetProperty("data")[0];
        Assert.Equal("expired", step.GetProperty("status").GetString());

        var late = await spindle.PostAsync($"/v1/threads/{thread}/runs/{created.Id}/submit_tool_outputs", """{"tool_outputs":[{"tool_call_id":"call_1","output":"x"}]}""", ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, late.Status);
    }

    /// <summary>Creates a run whose model calls the function <c>lookup</c> (<c>call_1</c>), so it stops in requires_action.</summary>
    private async Task<(string Thread, Reply Created)> CreateRunThatCallsAToolAsync(CancellationToken ct)
    {
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_1", "lookup", "{}")));
        var (assistant, thread) = await spindle.SeedAsync(ct, """[{"type":"function","function":{"name":"lookup"}}]""");
        return (thread, await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct));
    }
}
