using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

public sealed class Seed001ScenarioTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string RunInstructions = "Please address the user as SISTCA student.";

    [Fact]
    public async Task Node_sdk_createAndPoll_with_an_instructions_override_completes_with_the_model_reply()
    {
        var ct = TestContext.Current.CancellationToken;
        const string text = "SISTCA student, x = 1/4.";
        spindle.Upstream.Enqueue(Script.Reply(text));

        var result = await NodeScenario.RunAsync(spindle, "seed001", new Dictionary<string, string> { ["EXPECT_TEXT"] = text }, ct);

        Assert.Equal(text, result.GetProperty("text").GetString());
        Assert.True(result.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        // A run a few seconds old tells pollers to come back sooner than the configured 100 ms.
        Assert.Equal("25", result.GetProperty("poll_after_ms").GetString());

        // The run-level instructions replace the assistant's, they are not appended to them.
        var prompt = UpstreamPrompt.Messages(spindle.Upstream.Requests.Single());
        Assert.Equal(("system", RunInstructions), (prompt[0].Role, prompt[0].Text));
        Assert.DoesNotContain(prompt, m => m.Text.Contains("math tutor", StringComparison.Ordinal));
        Assert.Equal(("user", "I need to solve the equation `8x + 12 = 14`. Can you help me?"), (prompt[^1].Role, prompt[^1].Text));

        var thread = result.GetProperty("thread_id").GetString();
        var run = await spindle.GetAsync($"/v1/threads/{thread}/runs/{result.GetProperty("run_id").GetString()}", ct);
        Assert.Equal("completed", run.Json.GetProperty("status").GetString());
        Assert.Equal(RunInstructions, run.Json.GetProperty("instructions").GetString());
    }
}
