using Microsoft.AspNetCore.Http.Features;
using Spindle.Core.Errors;

namespace Spindle.Server.Hosting;

/// <summary>
/// Treats every POST body under <c>/v1</c> as JSON, whatever its Content-Type says, as OpenAI does. Without this,
/// routing would send a body-less <c>POST /v1/threads</c> (or a curl with a form content type) to the fallback
/// as an unknown URL instead of parsing it.
/// </summary>
internal sealed class JsonBodyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/v1")
            && request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) != true
            && request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            request.ContentType = "application/json";
        }

        // Minimal APIs swallow Kestrel's too-large exception as an IOException, and Kestrel then answers a bare 413
        // with no body. Refuse a declared oversized JSON body here instead, so the client gets OpenAI's envelope.
        // Uploads are left alone: the files endpoint raises the limit for its own request.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit && request.ContentLength > limit
            && request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) != true)
        {
            throw ApiErrors.BodyTooLarge(limit);
        }

        return next(context);
    }
}
