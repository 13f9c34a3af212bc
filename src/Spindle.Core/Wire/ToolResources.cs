using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary>Files and vector stores the tools use; <c>{}</c> when none are set (ASSISTANTS_API.md §3.2).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ToolResources
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CodeInterpreterResources? CodeInterpreter { get; set => field = value ?? throw new NullNotAllowedException("code_interpreter"); }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FileSearchResources? FileSearch { get; set => field = value ?? throw new NullNotAllowedException("file_search"); }
}
