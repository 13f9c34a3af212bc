using System.Text.Json.Serialization.Metadata;
using Spindle.Core.Wire;

namespace Spindle.Core.Streaming;

/// <summary>
/// One server-sent event of a run: its name and its data, serialized once when published so every
/// subscriber writes the same bytes.
/// </summary>
public sealed record RunEvent(string Name, byte[] Data)
{
    /// <summary>
    /// The data with file-search result content, set only when it differs from <see cref="Data"/>: streams of runs
    /// created with <c>include[]=…file_search.results[*].content</c> write this instead (ASSISTANTS_API.md §6.5 (d)).
    /// </summary>
    public byte[]? DataWithContent { get; init; }

    public static RunEvent Create<T>(string name, T payload, JsonTypeInfo<T> typeInfo) =>
        new(name, WireJson.ToUtf8Bytes(payload, typeInfo));

    /// <summary>The stream stops after this event: the run paused for tool outputs or ended (ASSISTANTS_API.md §7.3 O5).</summary>
    public bool EndsStream => RunEventNames.EndsStream(Name);
}
