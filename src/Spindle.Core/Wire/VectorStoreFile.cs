using System.Text.Json;

namespace Spindle.Core.Wire;

/// <summary>
/// <c>VectorStoreFileObject</c>: a file attached to a vector store. Its <see cref="Id"/> is the file's own id
/// (<c>file-…</c>), not a new one (ASSISTANTS_API.md §2.6). <see cref="LastError"/> codes: <c>server_error</c>,
/// <c>unsupported_file</c>, <c>invalid_file</c>.
/// </summary>
public sealed record VectorStoreFile
{
    public required string Id { get; init; }
    public string Object => "vector_store.file";
    public long UsageBytes { get; init; }
    public required long CreatedAt { get; init; }
    public required string VectorStoreId { get; init; }
    public required string Status { get; init; }
    public LastError? LastError { get; init; }
    public required ChunkingStrategy ChunkingStrategy { get; init; }
    public IReadOnlyDictionary<string, JsonElement> Attributes { get; init; } = new Dictionary<string, JsonElement>();
}
