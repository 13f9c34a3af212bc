namespace Spindle.Core.Tools;

/// <summary>How a code block ended, and so whether the session's interpreter state survived it.</summary>
public enum CodeExecutionStatus
{
    /// <summary>The code ran to its end. State is kept.</summary>
    Completed,

    /// <summary>The code raised an exception (a <c>MemoryError</c> or the CPU limit included). State is kept.</summary>
    Failed,

    /// <summary>The wall-time limit passed; every process of the session was killed. State is lost, files are kept.</summary>
    TimedOut,

    /// <summary>The interpreter itself ended (<c>os._exit</c>, a signal). State is lost, files are kept.</summary>
    Crashed,
}
