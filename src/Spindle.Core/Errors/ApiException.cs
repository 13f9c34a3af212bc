namespace Spindle.Core.Errors;

/// <summary>
/// A failure the client caused or must see, written as OpenAI's envelope
/// <c>{"error":{"message","type","param","code"}}</c> with <see cref="Status"/>.
/// </summary>
public sealed class ApiException(int status, string type, string message, string? param = null, string? code = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string? Param { get; } = param;
    public string? Code { get; } = code;
}
