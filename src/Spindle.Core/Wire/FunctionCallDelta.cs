using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

public sealed record FunctionCallDelta
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Arguments { get; init; }

    /// <summary>
    /// A JSON <c>null</c> in the first delta of a call, as the real service sends it (ASSISTANTS_API.md §6.5 (b));
    /// absent afterwards, because a later null would clash with a known value in Node's merge (§7.2 R5).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Output { get; init; }

    public static JsonElement NullOutput { get; } = JsonDocument.Parse("null").RootElement.Clone();
}
