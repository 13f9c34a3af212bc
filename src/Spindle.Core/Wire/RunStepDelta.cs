namespace Spindle.Core.Wire;

public sealed record RunStepDelta(StepDetailsDelta StepDetails);
