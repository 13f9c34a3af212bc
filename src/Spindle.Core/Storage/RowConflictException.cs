namespace Spindle.Core.Storage;

/// <summary>
/// An insert broke a uniqueness rule the database keeps; nothing of the insert was stored. The one such rule a
/// caller can break is one non-terminal run per thread.
/// </summary>
public sealed class RowConflictException(string message, Exception inner) : Exception(message, inner);
