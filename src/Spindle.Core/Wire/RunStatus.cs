namespace Spindle.Core.Wire;

/// <summary>The run statuses, spelled as on the wire (ASSISTANTS_API.md §5.1). Never send any other value.</summary>
public static class RunStatus
{
    public const string Queued = "queued", InProgress = "in_progress", RequiresAction = "requires_action",
        Cancelling = "cancelling", Cancelled = "cancelled", Failed = "failed", Completed = "completed",
        Incomplete = "incomplete", Expired = "expired";

    /// <summary>The statuses a thread's one active run can be in.</summary>
    public static IReadOnlyList<string> Active { get; } = [Queued, InProgress, RequiresAction, Cancelling];

    public static bool IsTerminal(string status) =>
        status is Cancelled or Failed or Completed or Incomplete or Expired;
}
