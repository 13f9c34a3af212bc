namespace Spindle.Server.Hosting;

/// <summary>
/// Serves Azure OpenAI's layout too: the <c>AzureOpenAI</c> clients call <c>{endpoint}/openai/assistants?api-version=…</c>
/// with an <c>api-key</c> header (seed 004). Their paths become the <c>/v1</c> ones before routing; the
/// <c>api-version</c> query is accepted and ignored, and <see cref="Auth.ApiKeyMiddleware"/> reads <c>api-key</c>.
/// </summary>
internal sealed class AzureRoutesMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/openai", out var rest) && rest.HasValue)
        {
            context.Request.Path = "/v1" + rest;
        }

        return next(context);
    }
}
