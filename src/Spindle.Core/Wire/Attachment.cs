namespace Spindle.Core.Wire;

public sealed record Attachment
{
    public string? FileId { get; init; }
    public IReadOnlyList<Tool> Tools { get; init; } = [];
}
