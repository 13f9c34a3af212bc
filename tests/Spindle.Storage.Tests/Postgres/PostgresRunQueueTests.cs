using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spindle.Core.Queue;
using Spindle.Core.Runs;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Wire;
using Spindle.Storage.Cluster;

namespace Spindle.Storage.Tests.Postgres;

/// <summary>The run queue of a node on PostgreSQL: which acceptance of a run holds its lease, and when it lets go.</summary>
public sealed class PostgresRunQueueTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_accepted_again_before_its_last_execution_completed_keeps_its_lease_past_that_completion()
    {
        var (queue, first) = await AcceptedRunAsync();
        var second = first with { };
        await queue.EnqueueAsync(second, Ct);

        // The execution that paused the run completes only after tool outputs queued it again.
        await queue.CompleteAsync(first, Ct);
        await using (var connection = await postgres.DataSource.OpenConnectionAsync(Ct))
        {
            await queue.LeaseAcceptedAsync(connection, Ct);
        }

        Assert.Equal(NodeId, await LeaseOwnerAsync(first.RunId));
        await queue.CompleteAsync(second, Ct);
        Assert.Null(await LeaseOwnerAsync(first.RunId));
    }

    [Fact]
    public async Task A_run_completed_before_the_keepers_tick_is_never_leased()
    {
        var (queue, item) = await AcceptedRunAsync();

        await queue.CompleteAsync(item, Ct);
        await using (var connection = await postgres.DataSource.OpenConnectionAsync(Ct))
        {
            await queue.LeaseAcceptedAsync(connection, Ct);
        }

        Assert.Null(await LeaseOwnerAsync(item.RunId));
    }

    private const string NodeId = "queue-test-node";

    private async Task<(PostgresRunQueue Queue, RunWorkItem Item)> AcceptedRunAsync()
    {
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        var (threadId, runId) = ($"thread_{Guid.NewGuid():N}", $"run_{Guid.NewGuid():N}");
        await postgres.Store.InsertAsync(tenant, [new Row(Kinds.Runs.Name, runId, threadId, threadId, 0, RunStatus.Queued, "{}")], Ct);

        var node = new ClusterNode(Options.Create(new ClusterOptions { NodeId = NodeId }));
        var notifications = new ClusterNotifications(postgres.DataSource, node, NullLogger<ClusterNotifications>.Instance);
        var queue = new PostgresRunQueue(new WorkLeases(postgres.DataSource, node), notifications, new RunSignals());
        var item = new RunWorkItem(tenant, threadId, runId, ApiKey: null);
        await queue.EnqueueAsync(item, Ct);
        return (queue, item);
    }

    private async Task<string?> LeaseOwnerAsync(string runId)
    {
        await using var command = postgres.DataSource.CreateCommand("SELECT lease_owner FROM objects WHERE collection = 'runs' AND id = @id");
        command.Parameters.AddWithValue("@id", runId);
        return await command.ExecuteScalarAsync(Ct) as string;
    }
}
