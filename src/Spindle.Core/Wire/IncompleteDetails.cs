namespace Spindle.Core.Wire;

public sealed record IncompleteDetails(string Reason);
