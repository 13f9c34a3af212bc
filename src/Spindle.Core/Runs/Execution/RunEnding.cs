using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>How a run ends when it does not complete normally, and what its open step and message become.</summary>
public sealed record RunEnding(string RunStatus, string StepStatus, string MessageReason, LastError? Error = null)
{
    public static RunEnding Cancelled { get; } = new(Wire.RunStatus.Cancelled, Wire.StepStatus.Cancelled, "run_cancelled");

    public static RunEnding Expired { get; } = new(Wire.RunStatus.Expired, Wire.StepStatus.Expired, "run_expired");

    public static RunEnding Failed(string code, string message) =>
        new(Wire.RunStatus.Failed, Wire.StepStatus.Failed, "run_failed", new LastError(code, message));
}
