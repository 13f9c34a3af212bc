using Spindle.Core.Storage;
using Spindle.Core.Streaming;
using Spindle.Core.Tenancy;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>
/// Ends a run as failed, cancelled or expired: every open step takes the matching status, its message becomes
/// <c>incomplete</c>, then the run takes its final status, each with its event (ASSISTANTS_API.md §6.5 (e)).
/// </summary>
public sealed class RunFinalizer(IObjectStore store, RunPublisher publisher, TimeProvider time)
{
    /// <returns>The ended run, or null when it was already terminal or is gone.</returns>
    public async Task<Run?> EndAsync(TenantId tenant, string runId, RunEnding ending, CancellationToken cancellationToken)
    {
        var run = await store.GetStoredAsync(tenant, Kinds.Runs, runId, cancellationToken);
        if (run is null || RunStatus.IsTerminal(run.Value.Status))
        {
            return null;
        }

        // A cancel request wins over a failure that happens while the run is being cancelled.
        if (run.Value.Status == RunStatus.Cancelling && ending.RunStatus == RunStatus.Failed)
        {
            ending = RunEnding.Cancelled;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var steps = await store.ListAllAsync(tenant, Kinds.Steps, runId, cancellationToken);
        foreach (var step in steps.Where(s => s.Status == StepStatus.InProgress))
        {
            if (step.StepDetails.MessageCreation is { } creation)
            {
                await CloseMessageAsync(tenant, runId, creation.MessageId, ending, now, cancellationToken);
            }

            var closed = step with
            {
                Status = ending.StepStatus,
                LastError = ending.Error,
                CancelledAt = ending.StepStatus == StepStatus.Cancelled ? now : null,
                FailedAt = ending.StepStatus == StepStatus.Failed ? now : null,
            };
            await store.UpdateAsync(tenant, Kinds.Steps, closed, cancellationToken);
            publisher.Step(closed);
        }

        var usage = SumUsage(steps);
        var ended = await store.ChangeAsync(tenant, Kinds.Runs, run, static r => !RunStatus.IsTerminal(r.Status), r => r with
        {
            Status = ending.RunStatus,
            RequiredAction = null,
            LastError = ending.Error,
            CancelledAt = ending.RunStatus == RunStatus.Cancelled ? now : null,
            FailedAt = ending.RunStatus == RunStatus.Failed ? now : null,
            ExpiresAt = ending.RunStatus == RunStatus.Expired ? r.ExpiresAt : null,
            Usage = usage,
        }, cancellationToken);
        if (ended is not null)
        {
            publisher.Run(ended);
        }

        return ended?.Value;
    }

    public static Usage? SumUsage(IEnumerable<RunStep> steps) =>
        steps.Select(s => s.Usage).OfType<Usage>().Aggregate((Usage?)null, (sum, u) => sum is null ? u : sum.Add(u));

    private async Task CloseMessageAsync(TenantId tenant, string runId, string messageId, RunEnding ending, long now, CancellationToken cancellationToken)
    {
        if (await store.GetStoredAsync(tenant, Kinds.Messages, messageId, cancellationToken) is not { } message)
        {
            return;
        }

        var incomplete = await store.ChangeAsync(tenant, Kinds.Messages, message, static m => m.Status == "in_progress",
            m => m with { Status = "incomplete", IncompleteDetails = new IncompleteDetails(ending.MessageReason), IncompleteAt = now }, cancellationToken);
        if (incomplete is not null)
        {
            publisher.Message(runId, incomplete.Value, RunEventNames.MessageIncomplete);
        }
    }
}
