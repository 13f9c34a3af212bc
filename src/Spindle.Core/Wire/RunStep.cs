namespace Spindle.Core.Wire;

/// <summary>A run step (<c>"object":"thread.run.step"</c>).</summary>
public sealed record RunStep
{
    public required string Id { get; init; }
    public string Object => "thread.run.step";
    public required long CreatedAt { get; init; }
    public required string AssistantId { get; init; }
    public required string ThreadId { get; init; }
    public required string RunId { get; init; }
    public required string Type { get; init; }
    public required string Status { get; init; }
    public required StepDetails StepDetails { get; init; }
    public LastError? LastError { get; init; }

    /// <summary>The real service sends <c>expires_at</c> although the schema says <c>expired_at</c> (ASSISTANTS_API.md §3.2).</summary>
    public long? ExpiresAt { get; init; }

    public long? CancelledAt { get; init; }
    public long? FailedAt { get; init; }
    public long? CompletedAt { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public Usage? Usage { get; init; }
}
