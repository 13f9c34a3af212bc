namespace Spindle.Core.Wire;

public sealed record RequiredFunction(string Name, string Arguments);
