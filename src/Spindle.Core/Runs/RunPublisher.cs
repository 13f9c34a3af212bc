using System.Text.Json;
using Spindle.Core.Streaming;
using Spindle.Core.Telemetry;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs;

/// <summary>Publishes typed run objects to the hub under their event names.</summary>
public sealed class RunPublisher(IRunEventHub hub)
{
    private static SpindleJsonContext Json => SpindleJsonContext.Wire;

    public void Run(Run run, string? name = null)
    {
        // thread.run.created comes with thread.run.queued for the same status; every other call is a status change.
        if (name != RunEventNames.RunCreated)
            SpindleTelemetry.RunStatusChanges.Add(1, new KeyValuePair<string, object?>(SpindleTelemetry.StatusTag, run.Status));
        hub.Publish(run.Id, RunEvent.Create(name ?? RunEventNames.ForRunStatus(run.Status), run, Json.Run));
    }

    public void Thread(string runId, AssistantThread thread) =>
        hub.Publish(runId, RunEvent.Create(RunEventNames.ThreadCreated, thread, Json.AssistantThread));

    /// <summary>
    /// Streams carry file-search result content only when the run was created with <c>include[]=…</c>, as
    /// <c>GET …/steps?include[]=…</c> does (ASSISTANTS_API.md §6.5 (d)); both forms are serialized here, once.
    /// </summary>
    public void Step(RunStep step, string? name = null)
    {
        var withoutContent = RunService.WithoutContent(step);
        var runEvent = RunEvent.Create(name ?? RunEventNames.ForStepStatus(step.Status), withoutContent, Json.RunStep);
        hub.Publish(step.RunId, ReferenceEquals(withoutContent, step)
            ? runEvent
            : runEvent with { DataWithContent = JsonSerializer.SerializeToUtf8Bytes(step, Json.RunStep) });
    }

    public void Message(string runId, Message message, string name) =>
        hub.Publish(runId, RunEvent.Create(name, message, Json.Message));

    public void MessageDelta(string runId, MessageDeltaEvent delta) =>
        hub.Publish(runId, RunEvent.Create(RunEventNames.MessageDelta, delta, Json.MessageDeltaEvent));

    public void StepDelta(string runId, RunStepDeltaEvent delta) =>
        hub.Publish(runId, RunEvent.Create(RunEventNames.StepDelta, delta, Json.RunStepDeltaEvent));
}
