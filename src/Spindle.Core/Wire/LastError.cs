namespace Spindle.Core.Wire;

/// <summary><c>{code, message}</c>; code is <c>server_error</c>, <c>rate_limit_exceeded</c> or <c>invalid_prompt</c>.</summary>
public sealed record LastError(string Code, string Message);
