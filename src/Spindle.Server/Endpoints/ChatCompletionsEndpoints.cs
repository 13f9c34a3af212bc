using Spindle.Providers.Forwarding;
using Spindle.Server.Auth;
using Spindle.Server.Streaming;

namespace Spindle.Server.Endpoints;

/// <summary>
/// Chat completions and embeddings, passed through to the provider the model routes to: the same key, tenancy,
/// bring-your-own-key and routing as runs, so an app talks to one base URL. Azure's layout names the model in the
/// path (<c>/openai/deployments/{deployment}/…</c>, rewritten to <c>/v1/deployments/…</c>).
/// </summary>
internal static class ChatCompletionsEndpoints
{
    public static RouteGroupBuilder MapChatCompletions(this RouteGroupBuilder v1)
    {
        v1.MapPost("/chat/completions", ChatAsync).WithTags("Chat");
        v1.MapPost("/embeddings", EmbeddingsAsync).WithTags("Embeddings");
        v1.MapPost("/deployments/{deployment}/chat/completions", DeploymentChatAsync).WithTags("Chat");
        v1.MapPost("/deployments/{deployment}/embeddings", DeploymentEmbeddingsAsync).WithTags("Embeddings");
        return v1;
    }

    private static Task<ForwardedResult> ChatAsync(HttpRequest request, Caller caller, UpstreamForwarder forwarder, CancellationToken cancellationToken) =>
        ForwardAsync("chat/completions", null, request, caller, forwarder, cancellationToken);

    private static Task<ForwardedResult> EmbeddingsAsync(HttpRequest request, Caller caller, UpstreamForwarder forwarder, CancellationToken cancellationToken) =>
        ForwardAsync("embeddings", null, request, caller, forwarder, cancellationToken);

    private static Task<ForwardedResult> DeploymentChatAsync(
        string deployment, HttpRequest request, Caller caller, UpstreamForwarder forwarder, CancellationToken cancellationToken) =>
        ForwardAsync("chat/completions", deployment, request, caller, forwarder, cancellationToken);

    private static Task<ForwardedResult> DeploymentEmbeddingsAsync(
        string deployment, HttpRequest request, Caller caller, UpstreamForwarder forwarder, CancellationToken cancellationToken) =>
        ForwardAsync("embeddings", deployment, request, caller, forwarder, cancellationToken);

    private static async Task<ForwardedResult> ForwardAsync(
        string path, string? deployment, HttpRequest request, Caller caller, UpstreamForwarder forwarder, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var response = await forwarder.SendAsync(path, body.GetBuffer().AsMemory(0, (int)body.Length), caller.UpstreamKey, deployment, cancellationToken);
        return new ForwardedResult(response);
    }
}
