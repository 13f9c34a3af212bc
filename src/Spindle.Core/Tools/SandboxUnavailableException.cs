namespace Spindle.Core.Tools;

/// <summary>
/// The sandbox cannot run code on this host: a prerequisite is missing (bubblewrap, Debian's <c>/usr/bin/python3</c>
/// or its numpy/pandas/matplotlib packages) or the sandbox failed to start. The message names the missing piece.
/// </summary>
public sealed class SandboxUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
