namespace Spindle.Core.Tools;

/// <summary>A file under <c>/mnt/data</c> that code created or changed.</summary>
/// <param name="Name">The path relative to <c>/mnt/data</c>, with <c>/</c> separators, e.g. <c>figure_1.png</c> or <c>out/report.csv</c>.</param>
/// <param name="MediaType">
/// <c>image/png</c>, <c>image/jpeg</c>, <c>image/gif</c> or <c>image/webp</c> when the content starts with that
/// format's signature (the extension alone is not trusted); otherwise null.
/// </param>
public sealed record SandboxOutputFile(string Name, byte[] Content, string? MediaType)
{
    /// <summary>Whether the file can become an <c>image_file</c> output.</summary>
    public bool IsImage => MediaType is not null;

    /// <summary>The path the code sees, e.g. <c>/mnt/data/figure_1.png</c>.</summary>
    public string SandboxPath => "/mnt/data/" + Name;
}
