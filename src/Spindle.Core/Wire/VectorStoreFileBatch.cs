namespace Spindle.Core.Wire;

/// <summary>
/// <c>VectorStoreFileBatchObject</c>. The spec's enum says <c>vector_store.files_batch</c>, but the real service sends
/// <c>vector_store.file_batch</c> and no SDK checks the literal (ASSISTANTS_API.md §3.1).
/// </summary>
public sealed record VectorStoreFileBatch
{
    public required string Id { get; init; }
    public string Object => "vector_store.file_batch";
    public required long CreatedAt { get; init; }
    public required string VectorStoreId { get; init; }
    public string Status { get; init; } = "in_progress";
    public FileCounts FileCounts { get; init; } = FileCounts.Empty;
}
