namespace Spindle.Core.Wire;

public sealed record MessageText(string Value, IReadOnlyList<Annotation> Annotations);
