namespace Spindle.Core.Files;

/// <summary>
/// The fields of a <c>POST /v1/files</c> form as they arrived, unvalidated (ASSISTANTS_API.md §1.2):
/// <c>file</c> (already staged), <c>purpose</c>, <c>expires_after[anchor]</c> and <c>expires_after[seconds]</c>.
/// </summary>
public sealed record FileUpload
{
    public StagedFile? Content { get; init; }
    public string? Filename { get; init; }
    public string? Purpose { get; init; }
    public string? ExpiresAfterAnchor { get; init; }
    public string? ExpiresAfterSeconds { get; init; }
}
