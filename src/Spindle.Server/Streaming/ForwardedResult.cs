using Microsoft.AspNetCore.Http.Features;
using Spindle.Core.Telemetry;

namespace Spindle.Server.Streaming;

/// <summary>
/// A provider's success response, passed on as it arrives: its status, content type and body bytes, each read
/// flushed at once, so a chat-completions stream reaches the client chunk for chunk and byte for byte. A provider
/// that breaks off mid-stream breaks the client's connection the same way.
/// </summary>
internal sealed class ForwardedResult(HttpResponseMessage upstream) : IResult
{
    private const int BufferSize = 16 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var source = upstream;
        using var stream = source.Content.Headers.ContentType?.MediaType == "text/event-stream" ? SpindleTelemetry.TrackStream() : (IDisposable?)null;
        var response = httpContext.Response;
        var aborted = httpContext.RequestAborted;
        response.StatusCode = (int)source.StatusCode;
        if (source.Content.Headers.ContentType is { } contentType)
            response.ContentType = contentType.ToString();
        if (source.Headers.CacheControl is { } cacheControl)
            response.Headers.CacheControl = cacheControl.ToString();
        httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();

        var buffer = new byte[BufferSize];
        try
        {
            await using var body = await source.Content.ReadAsStreamAsync(aborted);
            await response.StartAsync(aborted);
            int read;
            while ((read = await body.ReadAsync(buffer, aborted)) > 0)
            {
                await response.Body.WriteAsync(buffer.AsMemory(0, read), aborted);
                await response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; disposing the upstream response cancels the provider's call too.
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            httpContext.Abort();
        }
    }
}
