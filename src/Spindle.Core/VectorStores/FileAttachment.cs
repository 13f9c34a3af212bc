using System.Text.Json;
using Spindle.Core.Wire;

namespace Spindle.Core.VectorStores;

/// <summary>A file to attach to a vector store, already validated.</summary>
internal sealed record FileAttachment(string FileId, ChunkingStrategy Chunking, IReadOnlyDictionary<string, JsonElement> Attributes);
