namespace Spindle.Core.Wire;

public sealed record StepDetailsDelta(string Type, IReadOnlyList<ToolCallDelta> ToolCalls);
