namespace Spindle.Core.Wire;

/// <summary>
/// An uploaded file (<c>OpenAIFile</c>, ASSISTANTS_API.md §3.2). <c>status</c> and <c>status_details</c> are
/// deprecated but required on the wire; the real API answers <c>"processed"</c> and <c>null</c>.
/// </summary>
public sealed record OpenAIFile
{
    public required string Id { get; init; }
    public string Object => "file";
    public required long Bytes { get; init; }
    public required long CreatedAt { get; init; }
    public required string Filename { get; init; }
    public required string Purpose { get; init; }
    public string Status { get; init; } = "processed";
    public long? ExpiresAt { get; init; }
    public string? StatusDetails { get; init; }
}
