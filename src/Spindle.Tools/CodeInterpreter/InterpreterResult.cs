using Spindle.Core.Tools;

namespace Spindle.Tools.CodeInterpreter;

/// <summary>One block's outcome as the interpreter reports it, before output files are collected.</summary>
internal sealed record InterpreterResult(CodeExecutionStatus Status, string Logs, bool Truncated, string? Error, int? ExitCode);
