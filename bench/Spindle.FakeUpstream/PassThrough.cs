namespace Spindle.FakeUpstream;

/// <summary>
/// The do-nothing proxy every streaming figure is read against: <c>POST /v1/chat/completions</c> forwarded to the
/// upstream and its response copied back byte for byte, each read flushed at once. It is what any server standing
/// between a client and the model costs on this hardware, with Spindle's hosting (Kestrel, minimal API) and none of
/// its work.
/// </summary>
internal static class PassThrough
{
    public static void Map(WebApplication app, Uri upstream)
    {
        var http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = int.MaxValue,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        var target = new Uri(upstream, "/v1/chat/completions");
        app.MapPost("/v1/chat/completions", (HttpContext context) => ForwardAsync(http, target, context));
    }

    private static async Task ForwardAsync(HttpClient http, Uri target, HttpContext context)
    {
        var ct = context.RequestAborted;
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StreamContent(context.Request.Body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType ?? "application/json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await context.Response.StartAsync(ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
            await context.Response.Body.FlushAsync(ct);
        }
    }
}
