using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Wire;
using Spindle.Server.Hosting;
using Spindle.Testing;

namespace Spindle.Server.Tests.Runs;

public sealed class RunRecoveryTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task At_start_up_queued_runs_are_run_expired_ones_expire_and_runs_cut_off_mid_turn_fail_with_a_clear_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread) = await spindle.SeedAsync(ct);
        var (_, otherThread) = await spindle.SeedAsync(ct);
        var store = spindle.Services.GetRequiredService<IObjectStore>();
        var tenant = new TenantId("tenant-a");

        // What a previous process left behind: one run still queued, one that was talking to the model.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Run Left(string threadId, string status) => new()
        {
            Id = Spindle.Core.Ids.New(Spindle.Core.Ids.Run),
            CreatedAt = now,
            AssistantId = assistant,
            ThreadId = threadId,
            Status = status,
            StartedAt = status == RunStatus.InProgress ? now : null,
            ExpiresAt = now + 600,
            Model = "gpt-4o",
        };
        var (_, lateThread) = await spindle.SeedAsync(ct);
        var queued = Left(thread, RunStatus.Queued);
        var interrupted = Left(otherThread, RunStatus.InProgress);
        var late = Left(lateThread, RunStatus.Queued) with { CreatedAt = now - 700, ExpiresAt = now - 100 };
        await store.InsertAsync(tenant, [Kinds.Runs.ToRow(queued), Kinds.Runs.ToRow(interrupted), Kinds.Runs.ToRow(late)], ct);
        spindle.Upstream.Enqueue(Script.Reply("Recovered."));

        var recovery = spindle.Services.GetServices<IHostedService>().OfType<RunRecovery>().Single();
        await recovery.StartAsync(ct);

        var done = (await spindle.WaitForRunAsync(thread, queued.Id, ct)).Json;
        Assert.Equal("completed", done.GetProperty("status").GetString());
        var failed = (await spindle.GetAsync($"/v1/threads/{otherThread}/runs/{interrupted.Id}", ct)).Json;
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("server_error", failed.GetProperty("last_error").GetProperty("code").GetString());
        Assert.Contains("restarted", failed.GetProperty("last_error").GetProperty("message").GetString());

        // A run that waited past its ten minutes expires instead of running (§5.1).
        var expired = (await spindle.WaitForRunAsync(lateThread, late.Id, ct)).Json;
        Assert.Equal("expired", expired.GetProperty("status").GetString());
    }
}
