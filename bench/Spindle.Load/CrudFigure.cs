using System.Diagnostics;
using System.Text.Json;

namespace Spindle.Load;

/// <summary>Figure 4: create-message and list-messages throughput against the bare minimal-API endpoints.</summary>
internal sealed class CrudFigure(Settings settings, Targets targets)
{
    private const string CreateBody = """{"role":"user","content":"How do I solve 8x + 12 = 14?"}""";

    public async Task<Figure> RunAsync(CancellationToken ct)
    {
        var (workers, duration, max) = settings.Crud;
        var threads = new List<string>();
        for (var i = 0; i < workers; i++)
            threads.Add(await CreateThreadAsync(ct));
        for (var i = 0; i < 20; i++)
            await SendAsync(settings.Spindle, HttpMethod.Post, threads[0], CreateBody, ct);

        List<Row> rows = [];
        foreach (var (name, method, body) in new[] { ("create message", HttpMethod.Post, CreateBody), ("list messages (20 a page)", HttpMethod.Get, (string?)null) })
        {
            // Each client writes to a thread of its own; every list reads the thread seeded with 20 messages.
            string Thread(int worker) => method == HttpMethod.Get ? threads[0] : threads[worker];
            var bare = await ThroughputAsync(settings.Bare, method, Thread, body, workers, duration, max, ct);
            var spindle = await ThroughputAsync(settings.Spindle, method, Thread, body, workers, duration, max, ct);
            rows.Add(new Row($"{name}: requests/s", spindle.PerSecond, bare.PerSecond, "req/s", $"{spindle.Errors} errors"));
            rows.Add(new Row($"{name}: p99 latency", spindle.P99, bare.P99, "ms"));
        }

        return new Figure(4, "CRUD throughput", "a bare minimal-API JSON endpoint (bench/Spindle.FakeUpstream --mode bare), same host defaults",
            $"{workers} closed-loop clients for {duration.TotalSeconds:F1} s per endpoint (at most {max} requests), after a warm-up of a fifth of that; " +
            "requests/s is 2xx responses ÷ elapsed. Create: `POST /v1/threads/{id}/messages`, each client on its own thread; list: " +
            "`GET /v1/threads/{id}/messages` of a thread holding 20. The baseline binds the same body and answers a message-shaped " +
            "object or a page of 20 from memory, with no validation, auth or storage. " +
            (settings.Store == "sqlite" ? "Spindle stores in SQLite (WAL) under a fresh data directory." : "Spindle stores in PostgreSQL 15 on the same machine (fsync off)."), rows);
    }

    private async Task<(double PerSecond, double P99, int Errors)> ThroughputAsync(
        Uri root, HttpMethod method, Func<int, string> thread, string? body, int workers, TimeSpan duration, int max, CancellationToken ct)
    {
        await ClosedLoop.RunAsync(workers, max, duration / 5, (w, c) => SendAsync(root, method, thread(w), body, c), ct);
        var clock = Stopwatch.StartNew();
        var results = await ClosedLoop.RunAsync(workers, max, duration, (w, c) => SendAsync(root, method, thread(w), body, c), ct);
        var elapsed = clock.Elapsed.TotalSeconds;
        var ok = results.Where(r => r.Ok).ToList();
        return (ok.Count / elapsed, Stats.Percentile(ok.Select(r => r.Ms).ToList(), 99), results.Count - ok.Count);
    }

    private async Task<(bool Ok, double Ms)> SendAsync(Uri root, HttpMethod method, string thread, string? body, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await targets.Http.SendAsync(Targets.SpindleRequest(method, new Uri(root, $"/v1/threads/{thread}/messages"), body), ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        return (response.IsSuccessStatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<string> CreateThreadAsync(CancellationToken ct)
    {
        using var response = await targets.Http.SendAsync(Targets.SpindleRequest(HttpMethod.Post, new Uri(settings.Spindle, "/v1/threads"), "{}"), ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        return json.RootElement.GetProperty("id").GetString()!;
    }
}
