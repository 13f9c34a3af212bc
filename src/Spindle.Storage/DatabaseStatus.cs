namespace Spindle.Storage;

/// <summary>The database as <c>/readyz</c> reports it.</summary>
internal enum DatabaseStatus
{
    Ready,
    Unreachable,
    Unmigrated,
}
