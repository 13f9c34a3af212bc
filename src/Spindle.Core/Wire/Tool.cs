using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary>
/// One of <c>{"type":"function","function":{…}}</c>, <c>{"type":"code_interpreter"}</c>,
/// <c>{"type":"file_search","file_search":{…}}</c>.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record Tool
{
    public string? Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FunctionDefinition? Function { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FileSearchToolOptions? FileSearch { get; init; }
}
