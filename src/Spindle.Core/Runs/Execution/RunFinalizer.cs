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
        var run = await store.GetAsync(tenant, Kinds.Runs, runId, cancellationToken);
        if (run is null || RunStatus.IsTerminal(run.Status))
        {
            return null;
        }

        // A cancel request wins over a failure that happens while the run is being cancelled.
        if (run.Status == RunStatus.Cancelling && ending.RunStatus == RunStatus.Failed)
        {
            ending = RunEnding.Cancelled;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var steps = await store.ListAllAsync(tenant, Kinds.Steps, runId, s => s.Id, cancellationToken);
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

        while (true)
        {
            var ended = run with
            {
                Status = ending.RunStatus,
                RequiredAction = null,
                LastError = ending.Error,
                CancelledAt = ending.RunStatus == RunStatus.Cancelled ? now : null,
                FailedAt = ending.RunStatus == RunStatus.Failed ? now : null,
                ExpiresAt = ending.RunStatus == RunStatus.Expired ? run.ExpiresAt : null,
                Usage = SumUsage(steps),
            };
            if (await store.TryTransitionAsync(tenant, Kinds.Runs, ended, run.Status, cancellationToken))
            {
                publisher.Run(ended);
                return ended;
            }

            run = await store.GetAsync(tenant, Kinds.Runs, runId, cancellationToken);
            if (run is null || RunStatus.IsTerminal(run.Status))
            {
                return null;
            }
        }
    }

    public static Usage? SumUsage(IEnumerable<RunStep> steps) =>
        steps.Select(s => s.Usage).OfType<Usage>().Aggregate((Usage?)null, (sum, u) => sum is null ? u : sum.Add(u));

    private async Task CloseMessageAsync(TenantId tenant, string runId, string messageId, RunEnding ending, long now, CancellationToken cancellationToken)
    {
        var message = await store.GetAsync(tenant, Kinds.Messages, messageId, cancellationToken);
        if (message is not { Status: "in_progress" })
        {
            return;
        }

        var incomplete = message with { Status = "incomplete", IncompleteDetails = new IncompleteDetails(ending.MessageReason), IncompleteAt = now };
        await store.UpdateAsync(tenant, Kinds.Messages, incomplete, cancellationToken);
        publisher.Message(runId, incomplete, RunEventNames.MessageIncomplete);
    }
}
