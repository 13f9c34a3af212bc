namespace Spindle.Core.Wire;

public sealed record MessageDelta(IReadOnlyList<ContentDelta> Content);
