namespace Spindle.Core.Wire;

/// <summary>The four keys OpenAI always sends; <c>param</c> and <c>code</c> may be null.</summary>
public sealed record ErrorDetail(string Message, string Type, string? Param, string? Code);
