namespace Spindle.Core.Wire;

public sealed record RequiredAction(string Type, SubmitToolOutputsAction SubmitToolOutputs);
