namespace Spindle.Core.Wire;

/// <summary>A thread message (<c>"object":"thread.message"</c>). Every required field is sent, also for user messages (ASSISTANTS_API.md §3.2).</summary>
public sealed record Message
{
    public required string Id { get; init; }
    public string Object => "thread.message";
    public required long CreatedAt { get; init; }
    public string? AssistantId { get; init; }
    public required string ThreadId { get; init; }
    public string? RunId { get; init; }
    public required string Role { get; init; }
    public IReadOnlyList<MessageContent> Content { get; init; } = [];
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public string Status { get; init; } = "completed";
    public IncompleteDetails? IncompleteDetails { get; init; }
    public long? CompletedAt { get; init; }
    public long? IncompleteAt { get; init; }
}
