namespace Spindle.Core.Wire;

public sealed record ImageFile(string FileId, string? Detail);
