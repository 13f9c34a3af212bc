namespace Spindle.Core.Wire;

/// <summary>
/// <c>VectorStoreObject</c> (ASSISTANTS_API.md §3.2). <see cref="FileCounts"/>, <see cref="UsageBytes"/>,
/// <see cref="Status"/> and <see cref="ExpiresAt"/> are derived from the store's files and clock on every read;
/// the stored copy keeps only what the caller set. <c>description</c> is not in the schema but the real API sends it.
/// </summary>
public sealed record VectorStore
{
    public required string Id { get; init; }
    public string Object => "vector_store";
    public required long CreatedAt { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public long UsageBytes { get; init; }
    public FileCounts FileCounts { get; init; } = FileCounts.Empty;
    public string Status { get; init; } = "completed";
    public VectorStoreExpiration? ExpiresAfter { get; init; }
    public long? ExpiresAt { get; init; }
    public long? LastActiveAt { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
