namespace Spindle.Core.Retrieval;

/// <summary>
/// A file that cannot be indexed. <see cref="Code"/> is the vector-store file's <c>last_error.code</c>:
/// <c>unsupported_file</c> (a format Spindle does not parse) or <c>invalid_file</c> (a broken file of a known format).
/// </summary>
public sealed class UnreadableFileException(string code, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public string Code { get; } = code;
}
