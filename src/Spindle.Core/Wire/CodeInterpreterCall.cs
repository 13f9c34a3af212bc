namespace Spindle.Core.Wire;

/// <summary><c>{"input": "&lt;python&gt;", "outputs": [logs | image]}</c> of a <c>code_interpreter</c> tool call.</summary>
public sealed record CodeInterpreterCall(string Input, IReadOnlyList<CodeInterpreterOutput> Outputs);
