namespace Spindle.Core.Tools;

/// <summary>The outcome of one <see cref="ICodeSandbox.ExecuteAsync"/> call.</summary>
public sealed record CodeExecution
{
    public required CodeExecutionStatus Status { get; init; }

    /// <summary>
    /// Everything the code wrote to stdout and stderr (its subprocesses included), interleaved in the order it was
    /// written, then the traceback of an uncaught exception. What does not fit the output cap is dropped and a
    /// marker line says how much.
    /// </summary>
    public required string Logs { get; init; }

    /// <summary>Whether output past the cap was dropped from <see cref="Logs"/>.</summary>
    public bool Truncated { get; init; }

    /// <summary>
    /// Why the code did not complete: the exception (<c>ZeroDivisionError: division by zero</c>), or what stopped the
    /// interpreter (wall-time limit, exit code). Null when <see cref="Status"/> is <see cref="CodeExecutionStatus.Completed"/>.
    /// </summary>
    public string? Error { get; init; }

    /// <summary>The interpreter's exit code when it ended during the call (128 + signal when killed by a signal).</summary>
    public int? ExitCode { get; init; }

    /// <summary>Files under <c>/mnt/data</c> created or changed during this call, figures left open included.</summary>
    public IReadOnlyList<SandboxOutputFile> OutputFiles { get; init; } = [];

    public TimeSpan Duration { get; init; }
}
