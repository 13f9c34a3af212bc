namespace Spindle.Core.Wire;

public sealed record SubmitToolOutputsAction(IReadOnlyList<RequiredToolCall> ToolCalls);
