using System.Text.Json;

namespace Spindle.Core.Wire;

/// <summary>A run (<c>"object":"thread.run"</c>). Statuses are in <see cref="RunStatus"/>.</summary>
public sealed record Run
{
    public required string Id { get; init; }
    public string Object => "thread.run";
    public required long CreatedAt { get; init; }
    public required string AssistantId { get; init; }
    public required string ThreadId { get; init; }
    public required string Status { get; init; }
    public long? StartedAt { get; init; }
    public long? ExpiresAt { get; init; }
    public long? CancelledAt { get; init; }
    public long? FailedAt { get; init; }
    public long? CompletedAt { get; init; }
    public RequiredAction? RequiredAction { get; init; }
    public LastError? LastError { get; init; }
    public required string Model { get; init; }
    public string? Instructions { get; init; }
    public IReadOnlyList<Tool> Tools { get; init; } = [];
    public ToolResources ToolResources { get; init; } = new();
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public IncompleteDetails? IncompleteDetails { get; init; }
    public Usage? Usage { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public int? MaxPromptTokens { get; init; }
    public int? MaxCompletionTokens { get; init; }
    public TruncationStrategy TruncationStrategy { get; init; } = WireDefaults.Truncation;
    public JsonElement ToolChoice { get; init; } = WireDefaults.Auto;
    public bool ParallelToolCalls { get; init; } = true;
    public JsonElement ResponseFormat { get; init; } = WireDefaults.Auto;
    public string? ReasoningEffort { get; init; }
}
