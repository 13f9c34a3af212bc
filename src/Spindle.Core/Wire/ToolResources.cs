using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary>Files and vector stores the tools use; <c>{}</c> when none are set (ASSISTANTS_API.md §3.2).</summary>
public sealed record ToolResources
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CodeInterpreterResources? CodeInterpreter { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FileSearchResources? FileSearch { get; init; }
}
