using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Spindle.Core.Errors;
using Spindle.Core.Telemetry;
using Spindle.Core.Upstream;
using Spindle.Providers.OpenAICompatible;
using Spindle.Providers.Routing;

namespace Spindle.Providers.Forwarding;

/// <summary>
/// Forwards <c>POST /chat/completions</c> and <c>POST /embeddings</c> to the provider the body's <c>model</c> routes
/// to, with the same routing and keys as runs (<see cref="ProviderRegistry"/>).
/// <list type="number">
/// <item>Read <c>model</c>, route it; a <c>name/model</c> prefix (or an Azure deployment) rewrites the body's model.</item>
/// <item>Send the body with the caller's own key (bring-your-own-key) or the provider's configured one.</item>
/// <item>A success comes back as the provider's response, unread, so a stream reaches the client byte for byte.</item>
/// <item>A failure becomes an <see cref="ApiException"/>: the provider's own envelope when it sent one, a 502 otherwise.</item>
/// </list>
/// </summary>
/// <remarks>Thread-safe; one connection pool for every provider.</remarks>
internal sealed class UpstreamForwarder(ProviderRegistry providers) : IDisposable
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxMessageLength = 1000;

    // No overall timeout: a streamed completion lasts as long as the model writes. The caller's request token ends it.
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// Sends <paramref name="body"/> to <paramref name="path"/> (<c>chat/completions</c> or <c>embeddings</c>) under
    /// the routed provider's API root. <paramref name="deployment"/>, from Azure's layout, names the model instead of
    /// the body. The caller disposes the returned success response.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        string path, ReadOnlyMemory<byte> body, string? callerKey, string? deployment, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw ApiErrors.InvalidJson("The body must be a JSON object.");
        var model = deployment ?? (root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()!
            : throw ApiErrors.MissingParameter("model"));

        OpenAICompatibleModelClient provider;
        string routed;
        try
        {
            (provider, routed) = providers.Route(model);
        }
        catch (ModelException e)
        {
            throw providers.IsConfigured ? ApiErrors.ModelNotFound(model) : ApiErrors.NoUpstream(e.Message);
        }

        var key = provider.KeyFor(callerKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(provider.BaseUrl.ToString().TrimEnd('/') + "/" + path))
        {
            Content = new ByteArrayContent(model == routed && deployment is null ? body.ToArray() : WithModel(root, routed)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var operation = path == "embeddings" ? "embeddings" : "chat";
        using var activity = SpindleTelemetry.StartUpstream(operation, provider.Name, routed);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            SpindleTelemetry.RecordUpstream(activity, operation, provider.Name, started, "server_error");
            throw ApiErrors.UpstreamFailed(Redact($"Could not reach upstream '{provider.Name}': {e.Message}", key));
        }

        SpindleTelemetry.RecordUpstream(activity, operation, provider.Name, started,
            response.IsSuccessStatusCode ? null : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (response.IsSuccessStatusCode)
            return response;

        using (response)
            throw await FailureAsync(response, provider.Name, key, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static byte[] WithModel(JsonElement root, string model)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            foreach (var property in root.EnumerateObject())
            {
                if (!property.NameEquals("model"))
                    property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // A 4xx keeps its status (the caller's request was refused); anything else is the gateway's 502.
    private static async Task<ApiException> FailureAsync(HttpResponseMessage response, string provider, string? key, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode is >= 400 and < 500 and var s ? s : 502;
        var text = await ReadStartAsync(response, cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return new ApiException(status, String(error, "type") ?? (status == 502 ? "server_error" : "invalid_request_error"),
                    Redact(Shorten(message.GetString()!), key), String(error, "param"), String(error, "code"));
            }
        }
        catch (JsonException)
        {
        }

        var detail = text.Length > 0 ? Shorten(text) : response.ReasonPhrase ?? "(no message)";
        var described = Redact($"Upstream '{provider}' returned HTTP {(int)response.StatusCode}: {detail}", key);
        return status == 502 ? ApiErrors.UpstreamFailed(described) : new ApiException(status, "invalid_request_error", described);
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxErrorBodyBytes];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, read).Trim();
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return "";
        }
    }

    private static string? String(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Shorten(string text) => text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + "…";

    private static string Redact(string message, string? key) =>
        string.IsNullOrEmpty(key) ? message : message.Replace(key, "[redacted]", StringComparison.Ordinal);
}
