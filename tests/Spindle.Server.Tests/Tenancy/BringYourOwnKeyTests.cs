using System.Net;
using Spindle.Testing;

namespace Spindle.Server.Tests.Tenancy;

public sealed class BringYourOwnKeySpindle : SpindleFixture
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Spindle:Auth:BringYourOwnKey"] = "true";
    }
}

public sealed class BringYourOwnKeyTests(BringYourOwnKeySpindle spindle) : IClassFixture<BringYourOwnKeySpindle>
{
    [Fact]
    public async Task The_callers_own_key_goes_upstream_for_its_runs_and_is_its_own_tenant()
    {
        var ct = TestContext.Current.CancellationToken;
        using var alice = spindle.CreateClient("sk-alice-upstream-key");
        using var bob = spindle.CreateClient("sk-bob-upstream-key");
        spindle.Upstream.Enqueue(Script.Reply("Hi Alice"));

        var assistant = await SpindleFixture.SendAsync(alice, HttpMethod.Post, "/v1/assistants", """{"model":"gpt-4o"}""", ct);
        var thread = await SpindleFixture.SendAsync(alice, HttpMethod.Post, "/v1/threads", """{"messages":[{"role":"user","content":"Hello"}]}""", ct);
        var run = await SpindleFixture.SendAsync(alice, HttpMethod.Post, $"/v1/threads/{thread.Id}/runs", $$"""{"assistant_id":"{{assistant.Id}}"}""", ct);

        Reply status;
        do
        {
            await Task.Delay(20, ct);
            status = await SpindleFixture.SendAsync(alice, HttpMethod.Get, $"/v1/threads/{thread.Id}/runs/{run.Id}", null, ct);
        }
        while (status.Json.GetProperty("status").GetString() is "queued" or "in_progress");

        Assert.Equal("completed", status.Json.GetProperty("status").GetString());
        Assert.Equal("Bearer sk-alice-upstream-key", spindle.Upstream.Requests[^1].Authorization);

        var foreign = await SpindleFixture.SendAsync(bob, HttpMethod.Get, $"/v1/threads/{thread.Id}", null, ct);
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        var stored = await spindle.Services.GetRequiredService<Spindle.Core.Storage.IObjectStore>()
            .FindByTagAsync("runs", ["completed"], ct);
        Assert.DoesNotContain(stored, r => r.Tenant.Value.Contains("sk-alice", StringComparison.Ordinal) || r.Row.Json.Contains("sk-alice", StringComparison.Ordinal));
    }
}
