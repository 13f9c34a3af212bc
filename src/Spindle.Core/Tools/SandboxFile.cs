namespace Spindle.Core.Tools;

/// <summary>A file to place in <c>/mnt/data</c> before code runs.</summary>
/// <param name="Name">A plain file name such as <c>data.csv</c>: no directory separators, not <c>.</c> or <c>..</c>.</param>
public sealed record SandboxFile(string Name, byte[] Content);
