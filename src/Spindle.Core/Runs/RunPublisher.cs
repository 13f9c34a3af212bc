using System.Text;
using Spindle.Core.Storage;
using Spindle.Core.Streaming;
using Spindle.Core.Telemetry;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs;

/// <summary>
/// Publishes run objects to the hub under their event names, each serialized once however many events carry it
/// (created and in progress, a run's created and queued). A run goes out as the JSON its row holds, its wire JSON, so
/// an event shows what a retrieve returns; serializing the run again for each of its events was four of the seven
/// times a streamed run was serialized.
/// </summary>
public sealed class RunPublisher(IRunEventHub hub)
{
    private static SpindleJsonContext Json => SpindleJsonContext.Default;

    /// <summary>The stored run under <paramref name="names"/>; none: the event its status names.</summary>
    public void Run(Stored<Run> run, params ReadOnlySpan<string> names)
    {
        var data = Encoding.UTF8.GetBytes(run.Json);
        foreach (var name in names.IsEmpty ? [RunEventNames.ForRunStatus(run.Value.Status)] : names)
        {
            // thread.run.created comes with thread.run.queued for the same status; every other event is a status change.
            if (name != RunEventNames.RunCreated)
            {
                SpindleTelemetry.RunStatusChanges.Add(1, new KeyValuePair<string, object?>(SpindleTelemetry.StatusTag, run.Value.Status));
            }

            hub.Publish(run.Value.Id, new RunEvent(name, data));
        }
    }

    public void Thread(string runId, AssistantThread thread) =>
        hub.Publish(runId, RunEvent.Create(RunEventNames.ThreadCreated, thread, Json.AssistantThread));

    /// <summary>
    /// The step under <paramref name="names"/>; none: the event its status names. Streams carry file-search result
    /// content only when the run was created with <c>include[]=…</c>, as <c>GET …/steps?include[]=…</c> does
    /// (ASSISTANTS_API.md §6.5 (d)); both forms are serialized here, once.
    /// </summary>
    public void Step(RunStep step, params ReadOnlySpan<string> names)
    {
        var withoutContent = RunService.WithoutContent(step);
        var data = WireJson.ToUtf8Bytes(withoutContent, Json.RunStep);
        var withContent = ReferenceEquals(withoutContent, step) ? null : WireJson.ToUtf8Bytes(step, Json.RunStep);
        foreach (var name in names.IsEmpty ? [RunEventNames.ForStepStatus(step.Status)] : names)
        {
            hub.Publish(step.RunId, new RunEvent(name, data) { DataWithContent = withContent });
        }
    }

    /// <summary>The message under each of <paramref name="names"/>.</summary>
    public void Message(string runId, Message message, params ReadOnlySpan<string> names)
    {
        var data = WireJson.ToUtf8Bytes(message, Json.Message);
        foreach (var name in names)
        {
            hub.Publish(runId, new RunEvent(name, data));
        }
    }

    public void MessageDelta(string runId, MessageDeltaEvent delta) =>
        hub.Publish(runId, RunEvent.Create(RunEventNames.MessageDelta, delta, Json.MessageDeltaEvent));

    public void StepDelta(string runId, RunStepDeltaEvent delta) =>
        hub.Publish(runId, RunEvent.Create(RunEventNames.StepDelta, delta, Json.RunStepDeltaEvent));
}
