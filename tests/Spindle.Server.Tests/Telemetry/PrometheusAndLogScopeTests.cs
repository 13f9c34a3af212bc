using System.Collections.Concurrent;
using System.Net;
using Spindle.Testing;

namespace Spindle.Server.Tests.Telemetry;

/// <summary>Spindle with the Prometheus endpoint switched on and every log entry kept with its scopes.</summary>
public sealed class PrometheusSpindle : SpindleFixture
{
    public ScopeCapturingLoggerProvider Logs { get; } = new();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Spindle:Telemetry:Prometheus"] = "true";
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<ILoggerProvider>(Logs);
}

public sealed class PrometheusAndLogScopeTests(PrometheusSpindle spindle) : IClassFixture<PrometheusSpindle>
{
    [Fact]
    public async Task Metrics_are_scraped_in_Prometheus_format_without_an_API_key()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("Hi"));
        await spindle.PostAsync("/v1/chat/completions", """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}""", ct);
        using var scraper = spindle.CreateClient(null, beta: false);

        using var response = await scraper.GetAsync(new Uri(spindle.BaseUrl, "metrics"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE spindle_upstream_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("spindle_provider=\"fake\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runs_log_lines_carry_its_run_and_thread_ids()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Error(500, "The upstream fell over."));
        var (assistant, thread) = await spindle.SeedAsync(ct);

        var run = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        Assert.Equal("failed", (await spindle.WaitForRunAsync(thread, run.Id, ct)).Json.GetProperty("status").GetString());

        var failed = Assert.Single(spindle.Logs.Entries, e => e.EventId == Core.LogEvents.RunFailed && e.Scopes.Contains(("RunId", run.Id)));
        Assert.Contains(("ThreadId", thread), failed.Scopes);
    }
}

/// <summary>Keeps every entry with the scope values around it, as the console's JSON formatter prints them.</summary>
public sealed class ScopeCapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentBag<(int EventId, List<(string, object?)> Scopes)> Entries { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(ScopeCapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            List<(string, object?)> scopes = [];
            provider._scopes.ForEachScope(static (scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object>> pairs)
                    list.AddRange(pairs.Select(static p => (p.Key, (object?)p.Value)));
            }, scopes);
            provider.Entries.Add((eventId.Id, scopes));
        }
    }
}
