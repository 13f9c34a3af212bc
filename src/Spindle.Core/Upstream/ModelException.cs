namespace Spindle.Core.Upstream;

/// <summary>
/// An expected upstream failure. It becomes the run's <c>last_error</c>, never an HTTP 500.
/// </summary>
/// <param name="code">OpenAI's <c>last_error.code</c>: <c>server_error</c>, <c>rate_limit_exceeded</c> or <c>invalid_prompt</c>.</param>
public sealed class ModelException(string code, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public string Code { get; } = code;
}
