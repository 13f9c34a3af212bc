using System.ClientModel;
using System.Text.Json;
using Spindle.Core.Upstream;

namespace Spindle.Providers.OpenAICompatible;

/// <summary>
/// Turns what the SDK throws into a <see cref="ModelException"/> whose code is OpenAI's <c>last_error.code</c>
/// and whose message names the provider, the HTTP status and the upstream's own message, never the key.
/// </summary>
internal static class UpstreamErrors
{
    private const int MaxMessageLength = 1000;

    /// <summary>True for a failure of the upstream; false for the caller's own cancellation and for bugs.</summary>
    public static bool IsUpstreamFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        ClientResultException or HttpRequestException or IOException or JsonException => true,
        _ => false,
    };

    public static ModelException Translate(Exception exception, string provider, string? apiKey)
    {
        var (code, message) = exception switch
        {
            // Status 0: the transport failed before any response (connection refused, DNS, TLS).
            ClientResultException { Status: 0 } e => ("server_error", $"Could not reach upstream '{provider}': {Unwrap(e).Message}"),
            ClientResultException e => (Code(e.Status), $"Upstream '{provider}' returned HTTP {e.Status}: {UpstreamMessage(e)}"),
            OperationCanceledException => ("server_error", $"Upstream '{provider}' did not answer in time."),
            HttpRequestException e => ("server_error", $"Could not reach upstream '{provider}': {e.Message}"),
            JsonException e => ("server_error", $"Upstream '{provider}' sent a chunk that is not valid JSON: {e.Message}"),
            _ => ("server_error", $"The connection to upstream '{provider}' failed mid-stream: {Unwrap(exception).Message}"),
        };

        return new ModelException(code, Redact(message, apiKey), exception);
    }

    private static string Code(int status) => status switch
    {
        429 => "rate_limit_exceeded",
        400 => "invalid_prompt",
        _ => "server_error",
    };

    // OpenAI's envelope is {"error":{"message":…}}; other servers send plain text or a bare {"message":…}.
    private static string UpstreamMessage(ClientResultException exception)
    {
        string body;
        try
        {
            body = exception.GetRawResponse()?.Content.ToString() ?? "";
        }
        catch (InvalidOperationException)
        {
            body = "";
        }

        if (body.Length == 0)
            return exception.GetRawResponse()?.ReasonPhrase is { Length: > 0 } reason ? reason : "(no message)";

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
                root = error;
            if (root.ValueKind == JsonValueKind.String)
                return Shorten(root.GetString()!);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                return Shorten(message.GetString()!);
        }
        catch (JsonException)
        {
        }

        return Shorten(body);
    }

    private static Exception Unwrap(Exception exception) => exception.InnerException is { } inner ? Unwrap(inner) : exception;

    private static string Shorten(string text) => text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + "…";

    private static string Redact(string message, string? apiKey) =>
        string.IsNullOrEmpty(apiKey) ? message : message.Replace(apiKey, "[redacted]", StringComparison.Ordinal);
}
