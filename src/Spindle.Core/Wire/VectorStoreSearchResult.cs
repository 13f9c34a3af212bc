using System.Text.Json;

namespace Spindle.Core.Wire;

/// <summary>One hit of <c>POST /vector_stores/{id}/search</c>: a chunk, its file and a score in 0–1.</summary>
public sealed record VectorStoreSearchResult(
    string FileId, string Filename, double Score, IReadOnlyDictionary<string, JsonElement> Attributes, IReadOnlyList<TextPart> Content);
