using Spindle.Testing;

namespace Spindle.Server.Tests.Runs;

public sealed class NoUpstreamSpindle : SpindleFixture
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        // No provider at all: the server must still start and fail runs clearly.
    }
}

public sealed class NoUpstreamTests(NoUpstreamSpindle spindle) : IClassFixture<NoUpstreamSpindle>
{
    [Fact]
    public async Task Without_an_upstream_runs_fail_with_a_clear_last_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread) = await spindle.SeedAsync(ct);
        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);

        var run = (await spindle.WaitForRunAsync(thread, created.Id, ct)).Json;
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal("server_error", run.GetProperty("last_error").GetProperty("code").GetString());
        Assert.Contains("No upstream model provider is configured", run.GetProperty("last_error").GetProperty("message").GetString());
        Assert.Empty(spindle.Upstream.Requests);
    }
}
