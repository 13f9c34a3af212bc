namespace Spindle.Core.Retrieval;

/// <summary>A chunk as stored in a vector store and searched: its text and, when embeddings are configured, its vector.</summary>
public sealed record IndexedChunk(string FileId, string FileName, int Index, string Text, float[]? Embedding);
