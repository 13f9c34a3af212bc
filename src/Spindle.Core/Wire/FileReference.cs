namespace Spindle.Core.Wire;

public sealed record FileReference(string FileId);
