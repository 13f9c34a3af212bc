using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spindle.Core.Wire.Requests;

/// <summary>
/// The body of <c>POST /threads/{id}/runs</c> and of <c>POST /threads/runs</c>, which adds <c>thread</c> and
/// <c>tool_resources</c> and lacks <c>additional_*</c> (ASSISTANTS_API.md §2.4).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateRunRequest
{
    public string? AssistantId { get; init; }
    public CreateThreadRequest? Thread { get; set => field = value ?? throw new NullNotAllowedException("thread"); }
    public string? Model { get; init; }
    public string? Instructions { get; init; }
    public string? AdditionalInstructions { get; init; }
    public List<CreateMessageRequest>? AdditionalMessages { get; init; }
    public List<Tool>? Tools { get; init; }
    public ToolResources? ToolResources { get; init; }
    public Dictionary<string, string>? Metadata { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public bool? Stream { get; init; }
    public int? MaxPromptTokens { get; init; }
    public int? MaxCompletionTokens { get; init; }
    public TruncationStrategy? TruncationStrategy { get; init; }
    public JsonElement? ToolChoice { get; init; }
    public bool? ParallelToolCalls { get; set => field = value ?? throw new NullNotAllowedException("parallel_tool_calls"); }
    public JsonElement? ResponseFormat { get; init; }
    public string? ReasoningEffort { get; init; }
}
