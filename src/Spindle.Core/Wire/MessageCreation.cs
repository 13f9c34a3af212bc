namespace Spindle.Core.Wire;

public sealed record MessageCreation(string MessageId);
