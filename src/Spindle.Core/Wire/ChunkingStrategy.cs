using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary>
/// <c>{"type":"auto"}</c> or <c>{"type":"static","static":{…}}</c> in requests; always <c>static</c> in responses,
/// because OpenAI reports an <c>auto</c>-chunked file as static 800/400 (ASSISTANTS_API.md §3.2).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ChunkingStrategy
{
    public string? Type { get; init; }
    public StaticChunking? Static { get; init; }
}
