namespace Spindle.Core.Wire;

public sealed record ImageUrl(string Url, string? Detail);
