namespace Spindle.Core.Tools;

/// <summary>Whether the code sandbox can run on this host, and if not, exactly what is missing.</summary>
/// <param name="Detail">What was checked and found, or the missing piece and how to install it.</param>
public sealed record SandboxAvailability(bool IsAvailable, string Detail);
