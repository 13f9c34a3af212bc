using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Time.Testing;
using Spindle.Server.Hosting;
using Xunit;

namespace Spindle.Testing;

/// <summary>
/// A real Spindle on a free loopback port (Kestrel, SQLite in a temp folder) whose upstream is a real
/// <see cref="FakeUpstream"/>. Two tenants are configured: <see cref="KeyA"/> and <see cref="KeyB"/>.
/// </summary>
/// <remarks>
/// With <c>SPINDLE_TEST_NODES=2</c> in the environment, the same tests run against two Spindle nodes sharing one
/// PostgreSQL (a schema of the fixture's own), behind a reverse proxy that hands each request to the next node in
/// turn: what the test talks to is the proxy.
/// </remarks>
public class SpindleFixture : IAsyncLifetime
{
    public const string KeyA = "sk-spindle-test-a", KeyB = "sk-spindle-test-b";

    public const string NodesVariable = "SPINDLE_TEST_NODES";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "spindle-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private RoundRobinNodes? _nodes;

    public FakeUpstream Upstream { get; private set; } = null!;

    /// <summary>The server root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The API root the SDKs take, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public Uri ApiUrl => new(BaseUrl, "v1");

    /// <summary>A client for tenant A with the Assistants beta header.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Set by fixtures that drive the clock (expiry tests); null means the system clock.</summary>
    public FakeTimeProvider? Clock { get; protected init; }

    public IServiceProvider Services => _app!.Services;

    public virtual async ValueTask InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Spindle:Storage:DataDirectory"] = _dataDirectory,
            ["Spindle:Auth:Keys:" + KeyA] = "tenant-a",
            ["Spindle:Auth:Keys:" + KeyB] = "tenant-b",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        Configure(settings);

        if (Environment.GetEnvironmentVariable(NodesVariable) == "2")
        {
            _nodes = await RoundRobinNodes.StartAsync(settings, StartNodeAsync);
            _app = _nodes.First;
            BaseUrl = _nodes.ProxyUrl;
        }
        else
        {
            _app = await StartNodeAsync(settings);
            BaseUrl = AddressOf(_app);
        }

        Http = CreateClient(KeyA);
    }

    private async Task<WebApplication> StartNodeAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSpindle();
        if (Clock is not null)
        {
            builder.Services.AddSingleton<TimeProvider>(Clock);
        }

        var app = builder.Build();
        app.MapSpindle();
        await app.StartAsync();
        return app;
    }

    internal static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/') + "/");

    /// <summary>Adds or changes configuration before the server starts.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
        settings["Spindle:Providers:fake:BaseUrl"] = Upstream.BaseUrl.ToString();
        settings["Spindle:Providers:fake:ApiKey"] = "sk-upstream";
        settings["Spindle:Providers:fake:Default"] = "true";
        settings["Spindle:Providers:fake:EmbeddingModel"] = "fake-embedding";
    }

    public HttpClient CreateClient(string? key, bool beta = true)
    {
        var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (beta)
        {
            client.DefaultRequestHeaders.Add("OpenAI-Beta", "assistants=v2");
        }

        return client;
    }

    public virtual async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_nodes is not null)
        {
            await _nodes.DisposeAsync();
        }
        else if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }

    public Task<Reply> PostAsync(string path, string json, CancellationToken cancellationToken) => SendAsync(Http, HttpMethod.Post, path, json, cancellationToken);

    public Task<Reply> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(Http, HttpMethod.Get, path, null, cancellationToken);

    public Task<Reply> DeleteAsync(string path, CancellationToken cancellationToken) => SendAsync(Http, HttpMethod.Delete, path, null, cancellationToken);

    public static async Task<Reply> SendAsync(HttpClient client, HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new Reply(response.StatusCode, body, response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value)));
    }

    /// <summary>POSTs a streaming request and reads every event until the server closes the stream.</summary>
    public async Task<List<SseEvent>> PostSseAsync(string path, string json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var events = new List<SseEvent>();
        await foreach (var e in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Creates an assistant and a thread holding one user message; returns their ids.</summary>
    public async Task<(string Assistant, string Thread)> SeedAsync(CancellationToken cancellationToken, string tools = "[]", string instructions = "You are a personal math tutor.")
    {
        var assistant = await PostAsync("/v1/assistants", $$"""{"model":"gpt-4o","name":"Math Tutor","instructions":"{{JsonEncodedText.Encode(instructions)}}","tools":{{tools}}}""", cancellationToken);
        var thread = await PostAsync("/v1/threads", """{"messages":[{"role":"user","content":"I need to solve the equation `8x + 12 = 14`. Can you help me?"}]}""", cancellationToken);
        return (assistant.Id, thread.Id);
    }

    /// <summary>Polls a run until it leaves queued/in_progress/cancelling.</summary>
    public async Task<Reply> WaitForRunAsync(string threadId, string runId, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var run = await GetAsync($"/v1/threads/{threadId}/runs/{runId}", cancellationToken);
            if (run.Json.GetProperty("status").GetString() is not ("queued" or "in_progress" or "cancelling") || DateTime.UtcNow > deadline)
            {
                return run;
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
