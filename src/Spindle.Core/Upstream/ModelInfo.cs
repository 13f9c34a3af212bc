namespace Spindle.Core.Upstream;

/// <summary>A model a provider offers.</summary>
public sealed record ModelInfo(string Id, long Created, string OwnedBy);
