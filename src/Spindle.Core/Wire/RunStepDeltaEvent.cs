namespace Spindle.Core.Wire;

/// <summary>The data of <c>thread.run.step.delta</c>.</summary>
public sealed record RunStepDeltaEvent(string Id, RunStepDelta Delta)
{
    public string Object => "thread.run.step.delta";
}
