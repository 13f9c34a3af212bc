namespace Spindle.Core.Wire;

public static class StepStatus
{
    public const string InProgress = "in_progress", Cancelled = "cancelled", Failed = "failed",
        Completed = "completed", Expired = "expired";
}
