using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Spindle.Testing;

/// <summary>
/// A real HTTP server on a free loopback port that speaks OpenAI's chat-completions API from a queue of
/// <see cref="Script"/>s: one script per <c>POST /v1/chat/completions</c>, in order, and
/// <see cref="Script.Default"/> once the queue is empty. It also serves <c>GET /v1/models</c>
/// (<c>fake-model</c>, <c>gpt-4o</c>) and <c>POST /v1/embeddings</c> (deterministic hashed bag of words).
/// </summary>
/// <remarks>Thread-safe. Dispose to stop it; a gate still closed is released by the shutdown.</remarks>
public sealed class FakeUpstream : IAsyncDisposable
{
    private static readonly string[] ModelIds = ["fake-model", "gpt-4o"];

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Script> _scripts = new();
    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    private FakeUpstream()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(static o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", (RequestDelegate)ChatCompletionsAsync);
        _app.MapGet("/v1/models", (RequestDelegate)ModelsAsync);
        _app.MapPost("/v1/embeddings", (RequestDelegate)EmbeddingsAsync);
    }

    /// <summary>The API root to give a client, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every chat-completions request received so far, oldest first (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
                return [.. _requests];
        }
    }

    public static async Task<FakeUpstream> StartAsync(CancellationToken cancellationToken = default)
    {
        var upstream = new FakeUpstream();
        await upstream._app.StartAsync(cancellationToken);
        var address = upstream._app.Urls.Single();
        upstream.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return upstream;
    }

    /// <summary>Queues the answer to the next chat-completions request not yet answered by an earlier script.</summary>
    public void Enqueue(Script script)
    {
        ArgumentNullException.ThrowIfNull(script);
        _scripts.Enqueue(script);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;

        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task ChatCompletionsAsync(HttpContext context)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(cancellation.Token);
        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(body);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(ChunkWriter.Error(400, "We could not parse the JSON body of your request."), cancellation.Token);
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var request = new RecordedRequest(body, json, authorization.Length > 0 ? authorization : null);
        lock (_lock)
            _requests.Add(request);

        var script = _scripts.TryDequeue(out var next) ? next : Script.Default;
        request.Sent.Inner = context.Response.Body;
        context.Response.Body = request.Sent;
        try
        {
            await ScriptPlayer.PlayAsync(context, script, request, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            context.Abort();
        }
    }

    private static async Task ModelsAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(ChunkWriter.Json(static w =>
        {
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            foreach (var id in ModelIds)
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteString("object", "model");
                w.WriteNumber("created", 1_700_000_000);
                w.WriteString("owned_by", id == "gpt-4o" ? "system" : "spindle");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }), context.RequestAborted);
    }

    private static async Task EmbeddingsAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = document.RootElement;
        var inputs = root.TryGetProperty("input", out var input) ? Inputs(input) : [];
        var dimensions = root.TryGetProperty("dimensions", out var d) && d.TryGetInt32(out var n) && n > 0 ? n : HashedEmbeddings.DefaultDimensions;
        var base64 = root.TryGetProperty("encoding_format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == "base64";
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "fake-embedding";
        var tokens = inputs.Sum(static text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(ChunkWriter.Json(w =>
        {
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            for (var i = 0; i < inputs.Count; i++)
            {
                var vector = HashedEmbeddings.Embed(inputs[i], dimensions);
                w.WriteStartObject();
                w.WriteString("object", "embedding");
                w.WriteNumber("index", i);
                if (base64)
                {
                    // The SDKs ask for base64 by default: little-endian float32 values.
                    w.WriteBase64String("embedding", MemoryMarshal.AsBytes(vector.AsSpan()));
                }
                else
                {
                    w.WriteStartArray("embedding");
                    foreach (var value in vector)
                        w.WriteNumberValue(value);
                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("model", model);
            w.WriteStartObject("usage");
            w.WriteNumber("prompt_tokens", tokens);
            w.WriteNumber("total_tokens", tokens);
            w.WriteEndObject();
        }), context.RequestAborted);
    }

    // "input" is a string, an array of strings, or token arrays; tokens are embedded as their decimal text.
    private static List<string> Inputs(JsonElement input) => input.ValueKind switch
    {
        JsonValueKind.String => [input.GetString()!],
        JsonValueKind.Array when input.EnumerateArray().All(static e => e.ValueKind == JsonValueKind.Number) => [input.GetRawText()],
        JsonValueKind.Array => [.. input.EnumerateArray().Select(static e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())],
        _ => [],
    };
}
