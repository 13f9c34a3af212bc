namespace Spindle.Tools.CodeInterpreter;

/// <summary>What tells a changed file from an unchanged one between two snapshots of <c>/mnt/data</c>.</summary>
internal readonly record struct FileStamp(long Length, DateTime LastWriteUtc);
