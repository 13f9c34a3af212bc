using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

public sealed class CancelScenarioTests
{
    // Each case gets its own Spindle: when the cancel wins the race against the worker, the held script is never
    // dequeued, and it must not answer some other test's run.
    [Theory]
    [InlineData("in_progress")]
    [InlineData("immediate")]
    public async Task Node_sdk_cancel_of_an_active_run_ends_cancelled_with_nothing_left_open(string cancelWhen)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var spindle = new SpindleFixture();
        await spindle.InitializeAsync();
        var gate = new ChunkGate();
        // k + 1: ChunkGate lets piece 0 through at once, and not even the first text piece may reach Spindle here.
        spindle.Upstream.Enqueue(Script.Reply("Once upon a time ", "there was a very long story.").HoldEachChunkUntil(k => gate.WaitAsync(k + 1)));

        try
        {
            var result = await NodeScenario.RunAsync(spindle, "cancel", new Dictionary<string, string> { ["CANCEL_WHEN"] = cancelWhen }, ct);

            Assert.Equal("cancelled", result.GetProperty("final_status").GetString());
            Assert.Contains(result.GetProperty("cancel_status").GetString(), (string[])["cancelling", "cancelled"]);
            Assert.All(result.GetProperty("steps").EnumerateArray(), s => Assert.Equal("cancelled", s.GetProperty("status").GetString()));
            // in_progress is set when execution starts, so the cancel may land before or after the model call went out.
            Assert.InRange(spindle.Upstream.Requests.Count, 0, 1);

            // Released only now: whatever the held model call still sends must not revive the run or commit text.
            gate.ReleaseAll();
            var thread = result.GetProperty("thread_id").GetString();
            var runId = result.GetProperty("run_id").GetString();
            var run = await spindle.GetAsync($"/v1/threads/{thread}/runs/{runId}", ct);
            Assert.Equal("cancelled", run.Json.GetProperty("status").GetString());
            Assert.Equal(result.GetProperty("cancelled_at").GetInt64(), run.Json.GetProperty("cancelled_at").GetInt64());

            var messages = await spindle.GetAsync($"/v1/threads/{thread}/messages?run_id={runId}", ct);
            Assert.All(messages.Json.GetProperty("data").EnumerateArray(), m =>
            {
                Assert.Equal("incomplete", m.GetProperty("status").GetString());
                Assert.Equal("run_cancelled", m.GetProperty("incomplete_details").GetProperty("reason").GetString());
            });
        }
        finally
        {
            gate.ReleaseAll();
        }
    }
}
