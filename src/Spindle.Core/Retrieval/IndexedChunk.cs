namespace Spindle.Core.Retrieval;

/// <summary>
/// A chunk as stored in a vector store and searched: its text and, when it was embedded, its vector and the name of the
/// model that made it (<see cref="Upstream.IEmbeddingClient.Model"/>).
/// </summary>
public sealed record IndexedChunk(string FileId, string FileName, int Index, string Text, float[]? Embedding, string? EmbeddingModel = null);
