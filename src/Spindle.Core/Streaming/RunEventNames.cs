namespace Spindle.Core.Streaming;

/// <summary>The one list of SSE event names (ASSISTANTS_API.md §6.2).</summary>
public static class RunEventNames
{
    public const string ThreadCreated = "thread.created";

    public const string RunCreated = "thread.run.created", RunQueued = "thread.run.queued",
        RunInProgress = "thread.run.in_progress", RunRequiresAction = "thread.run.requires_action",
        RunCompleted = "thread.run.completed", RunIncomplete = "thread.run.incomplete", RunFailed = "thread.run.failed",
        RunCancelling = "thread.run.cancelling", RunCancelled = "thread.run.cancelled", RunExpired = "thread.run.expired";

    public const string StepCreated = "thread.run.step.created", StepInProgress = "thread.run.step.in_progress",
        StepDelta = "thread.run.step.delta", StepCompleted = "thread.run.step.completed", StepFailed = "thread.run.step.failed",
        StepCancelled = "thread.run.step.cancelled", StepExpired = "thread.run.step.expired";

    public const string MessageCreated = "thread.message.created", MessageInProgress = "thread.message.in_progress",
        MessageDelta = "thread.message.delta", MessageCompleted = "thread.message.completed",
        MessageIncomplete = "thread.message.incomplete";

    public const string Error = "error", Done = "done";

    /// <summary>The run event that carries a run in <paramref name="status"/>.</summary>
    public static string ForRunStatus(string status) => "thread.run." + status;

    /// <summary>The step event that carries a step in <paramref name="status"/>.</summary>
    public static string ForStepStatus(string status) => "thread.run.step." + status;

    public static bool EndsStream(string name) => name is RunRequiresAction or RunCompleted or RunIncomplete
        or RunFailed or RunCancelled or RunExpired or Error;
}
