namespace Spindle.Tools;

/// <summary>
/// Event ids of Spindle.Tools' log messages: the 5xxx range, next to <c>Spindle.Core.LogEvents</c>' 1xxx–4xxx
/// (which belongs to another owner and should take these in).
/// </summary>
internal static class ToolsLogEvents
{
    public const int SandboxUnavailable = 5000, InterpreterStarted = 5001, InterpreterKilled = 5002, SessionExpired = 5003, CleanupFailed = 5004;
}
