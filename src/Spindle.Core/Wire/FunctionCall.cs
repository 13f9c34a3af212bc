namespace Spindle.Core.Wire;

/// <summary><c>output</c> stays null until the client submits it.</summary>
public sealed record FunctionCall(string Name, string Arguments, string? Output);
