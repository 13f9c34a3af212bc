namespace Spindle.Core.Files;

/// <summary>Bytes already in the blob store under a new file id, not yet visible as a file.</summary>
public sealed record StagedFile(string Id, long Bytes);
