using System.ComponentModel.DataAnnotations;

namespace Spindle.Core.Files;

/// <summary>Uploads (<c>Spindle:Files</c>).</summary>
public sealed class FilesOptions
{
    public const string Section = "Spindle:Files";

    /// <summary>The largest file <c>POST /v1/files</c> accepts; OpenAI's limit is 512 MB (ASSISTANTS_API.md §2.5).</summary>
    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = 512L * 1024 * 1024;
}
