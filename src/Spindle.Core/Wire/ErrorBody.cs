namespace Spindle.Core.Wire;

/// <summary>OpenAI's error envelope: every failure goes out in this shape.</summary>
public sealed record ErrorBody(ErrorDetail Error);
