using System.Net;
using Spindle.Testing;

namespace Spindle.Server.Tests;

public sealed class Seed001FlowTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Run_with_instructions_override_completes_with_the_upstream_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("SISTCA student, x = 1/4."));
        var (assistant, thread) = await spindle.SeedAsync(ct);

        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs",
            $$"""{"assistant_id":"{{assistant}}","instructions":"Please address the user as SISTCA student."}""", ct);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal("queued", created.Json.GetProperty("status").GetString());
        Assert.Equal("25", created.Headers["openai-poll-after-ms"]);

        var run = await spindle.WaitForRunAsync(thread, created.Id, ct);
        Assert.Equal("completed", run.Json.GetProperty("status").GetString());
        Assert.Equal("Please address the user as SISTCA student.", run.Json.GetProperty("instructions").GetString());
        Assert.True(run.Json.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);

        var messages = await spindle.GetAsync($"/v1/threads/{thread}/messages", ct);
        var first = messages.Json.GetProperty("data")[0];
        Assert.Equal("assistant", first.GetProperty("role").GetString());
        Assert.Equal("SISTCA student, x = 1/4.", first.GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString());

        var upstream = spindle.Upstream.Requests.Single().Json;
        Assert.Equal("Please address the user as SISTCA student.", upstream.GetProperty("messages")[0].GetProperty("content").ToString());
    }
}
