using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary>The <c>static</c> object of a chunking strategy: window size and overlap in tokens.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StaticChunking
{
    public int? MaxChunkSizeTokens { get; init; }
    public int? ChunkOverlapTokens { get; init; }
}
