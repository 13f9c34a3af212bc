using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Spindle.Core;
using Spindle.Core.Queue;
using Spindle.Core.Runs;
using Spindle.Core.Runs.Execution;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.VectorStores;
using Spindle.Core.Wire;

namespace Spindle.Storage.Cluster;

/// <summary>
/// Keeps this node's part of the shared work, every quarter lease: takes the lease on runs it accepted since the last
/// tick, renews the leases it holds (and interrupts a run it executes that two renewals found cancelling, should the
/// interrupt notification have been lost), gives unheld work a lease so it cannot be stranded, claims runs and files
/// whose lease ran out, and expires runs left waiting for tool outputs past their <c>expires_at</c>, whichever node
/// paused them.
/// </summary>
/// <remarks>
/// A claimed run that was <c>queued</c> or <c>cancelling</c> goes on here; one that was <c>in_progress</c> was cut off
/// mid-turn with its node, and the executor ends it <c>failed</c>, as a single node does after a restart. A claimed run
/// has no bring-your-own-key key: that key lived only in the memory of the node that died.
/// </remarks>
internal sealed partial class ClusterKeeper(
    ClusterNode node,
    WorkLeases leases,
    PostgresRunQueue runs,
    IIngestionQueue ingestion,
    RunSignals signals,
    RunFinalizer finalizer,
    NpgsqlDataSource dataSource,
    TimeProvider time,
    ILogger<ClusterKeeper> logger) : BackgroundService
{
    private const int ClaimsPerTick = 16;

    // Runs that are work for an executor; it holds in_progress, so it covers files being ingested too.
    private static readonly string[] Work = PostgresRunQueue.Executable;

    // On a connection of its own, so a pool busy with runs never holds a renewal up.
    private NpgsqlConnection? _renewals;

    // The runs this node executes that the last renewal found cancelling (see RenewAsync).
    private HashSet<string> _cancelling = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.NodeStarted(logger, node.Id, node.Options.LeaseSeconds);
        await Task.WhenAll(EveryTickAsync(RenewAsync, stoppingToken), EveryTickAsync(ClaimAsync, stoppingToken));
    }

    // Two loops, so claiming and expiring other work never delays the renewals that keep this node's own. Each waits a tick
    // before its first: a node that has just started holds no lease yet, and its first requests get the cores.
    private async Task EveryTickAsync(Func<long, CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(node.Options.Tick, time);
        for (var tick = 0L; !stoppingToken.IsCancellationRequested; tick++)
        {
            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
                var started = time.GetTimestamp();
                await work(tick, stoppingToken);
                if (time.GetElapsedTime(started) is var took && took > node.Options.Tick)
                {
                    Log.SlowTick(logger, work.Method.Name, (long)took.TotalMilliseconds, node.Options.LeaseSeconds);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.TickFailed(logger, work.Method.Name, e);
            }
        }
    }

    private async Task RenewAsync(long tick, CancellationToken cancellationToken)
    {
        try
        {
            _renewals ??= await dataSource.OpenConnectionAsync(cancellationToken);
            await runs.LeaseAcceptedAsync(_renewals, cancellationToken);
            // A run cancelled through another node is interrupted by that node's notification, which follows the
            // notification of its cancelling event, so the stream shows the event first. A run still cancelling at a
            // second renewal missed them, and is interrupted here; at the first, it would race the notifications.
            HashSet<string> cancelling = [];
            foreach (var held in await leases.RenewAsync(_renewals, Work, cancellationToken))
            {
                if (held is { Collection: "runs", Tag: RunStatus.Cancelling } && cancelling.Add(held.Id) && _cancelling.Contains(held.Id))
                {
                    signals.Cancel(held.Id);
                }
            }

            _cancelling = cancelling;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            await (_renewals?.DisposeAsync() ?? ValueTask.CompletedTask);
            _renewals = null;
            throw;
        }
    }

    private async Task ClaimAsync(long tick, CancellationToken cancellationToken)
    {
        await leases.MarkUnheldAsync(Kinds.Runs.Name, PostgresRunQueue.Executable, cancellationToken);
        await leases.MarkUnheldAsync(Kinds.VectorStoreFiles.Name, PostgresIngestionQueue.Ingestible, cancellationToken);

        var claimedRuns = await leases.ClaimExpiredAsync(Kinds.Runs.Name, PostgresRunQueue.Executable, ClaimsPerTick, cancellationToken);
        foreach (var run in claimedRuns)
        {
            runs.EnqueueClaimed(new RunWorkItem(run.Tenant, run.ParentId!, run.Id, ApiKey: null), run.Lease);
        }

        var claimedFiles = await leases.ClaimExpiredAsync(Kinds.VectorStoreFiles.Name, PostgresIngestionQueue.Ingestible, ClaimsPerTick, cancellationToken);
        foreach (var file in claimedFiles)
        {
            var vectorStoreId = file.ParentId!;
            ingestion.Enqueue(new IngestionJob(file.Tenant, vectorStoreId, file.Id[(vectorStoreId.Length + 1)..], ApiKey: null) { Lease = file.Lease });
        }

        if (claimedRuns.Count + claimedFiles.Count > 0)
        {
            Log.Claimed(logger, claimedRuns.Count, claimedFiles.Count);
        }

        foreach (var (tenant, runId) in await OverduePausedRunsAsync(cancellationToken))
        {
            await finalizer.EndAsync(tenant, runId, RunEnding.Expired, cancellationToken);
        }

        // Stored events are read back within moments of being written; an hour is far past any reader.
        if (tick % 1_000 == 0)
        {
            await using var command = dataSource.CreateCommand("DELETE FROM run_events WHERE created_at < now() - interval '1 hour'");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public override void Dispose()
    {
        _renewals?.Dispose();
        base.Dispose();
    }

    private async Task<List<(TenantId, string)>> OverduePausedRunsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT tenant, id FROM objects WHERE collection = 'runs' AND tag = 'requires_action' AND (json::jsonb ->> 'expires_at')::bigint <= @now");
        command.Parameters.AddWithValue("@now", time.GetUtcNow().ToUnixTimeSeconds());
        var overdue = new List<(TenantId, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            overdue.Add((new TenantId(reader.GetString(0)), reader.GetString(1)));
        }

        return overdue;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.NodeStarted, Level = LogLevel.Information, Message = "Node {NodeId} shares work through PostgreSQL with {LeaseSeconds} s leases")]
        public static partial void NodeStarted(ILogger logger, string nodeId, int leaseSeconds);

        [LoggerMessage(EventId = LogEvents.LeasesClaimed, Level = LogLevel.Information, Message = "Took over {Runs} runs and {Files} vector-store files whose node stopped renewing them")]
        public static partial void Claimed(ILogger logger, int runs, int files);

        [LoggerMessage(EventId = LogEvents.ClusterTickSlow, Level = LogLevel.Warning, Message = "{Work} of work leases took {Milliseconds} ms of a {LeaseSeconds} s lease")]
        public static partial void SlowTick(ILogger logger, string work, long milliseconds, int leaseSeconds);

        [LoggerMessage(EventId = LogEvents.ClusterTickFailed, Level = LogLevel.Warning, Message = "{Work} of work leases failed; trying again next tick")]
        public static partial void TickFailed(ILogger logger, string work, Exception exception);
    }
}
