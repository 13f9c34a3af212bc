namespace Spindle.Core.Wire;

/// <summary>A thread (<c>"object":"thread"</c>); named so it does not collide with System.Threading.Thread.</summary>
public sealed record AssistantThread
{
    public required string Id { get; init; }
    public string Object => "thread";
    public required long CreatedAt { get; init; }
    public ToolResources ToolResources { get; init; } = new();
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
