namespace Spindle.Core.Tools;

/// <summary>
/// Runs the Python a model writes for the <c>code_interpreter</c> tool, contained on this server: no network, a
/// read-only system, a private <c>/mnt/data</c> per session, and limits on time, CPU, memory, processes and output.
/// </summary>
/// <remarks>
/// <para>
/// The run executor calls it for each <c>code_interpreter</c> tool call, with the thread id as the session key, so a
/// thread keeps its interpreter state (variables, imports) and its <c>/mnt/data</c> files between calls, as OpenAI's
/// did. A session that stays idle past the configured idle time is ended: its state and files are gone.
/// </para>
/// <para>
/// Thread-safe. Calls for different session keys run concurrently; calls for the same key run one at a time, in the
/// order they arrive. Expected outcomes of the code (an exception, a timeout, a killed interpreter) are values in
/// <see cref="CodeExecution"/>, never exceptions.
/// </para>
/// </remarks>
public interface ICodeSandbox
{
    /// <summary>
    /// Writes <paramref name="inputFiles"/> into the session's <c>/mnt/data</c>, runs <paramref name="code"/> in the
    /// session's interpreter, and returns its logs and the files it created or changed.
    /// </summary>
    /// <param name="sessionKey">The session, usually the thread id. Calls with the same key share state and files.</param>
    /// <param name="code">Python source. The value of a last bare expression is printed, as in a notebook.</param>
    /// <param name="inputFiles">Files to place in <c>/mnt/data</c> before the code runs; an existing file of the same name is replaced.</param>
    /// <param name="cancellationToken">Cancelling stops the code (the interpreter is killed and its state lost) and throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="SandboxUnavailableException">The host lacks bubblewrap or Debian's Python packages, or the sandbox cannot start.</exception>
    /// <exception cref="ArgumentException">An input file name is not a plain file name.</exception>
    Task<CodeExecution> ExecuteAsync(string sessionKey, string code, IReadOnlyList<SandboxFile> inputFiles, CancellationToken cancellationToken);

    /// <summary>Whether this process holds a live session under <paramref name="sessionKey"/> (its files are in place).</summary>
    bool HasSession(string sessionKey);

    /// <summary>
    /// Checks once, and then reports from memory, whether the sandbox can run on this host. The server logs it at
    /// start-up; <see cref="ExecuteAsync"/> throws <see cref="SandboxUnavailableException"/> with the same detail.
    /// </summary>
    SandboxAvailability CheckAvailability();
}
