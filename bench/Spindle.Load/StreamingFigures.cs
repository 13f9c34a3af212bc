using System.Text.Json;

namespace Spindle.Load;

/// <summary>Figures 1 and 2: time to first token and the ramp of concurrent streams, each against the upstream itself.</summary>
internal sealed class StreamingFigures(Settings settings, Targets targets)
{
    // Figure 1's reply: 50 ms to the first token, then 7 more 10 ms apart. Figure 2's: 25 tokens 20 ms apart.
    public const string TtftModel = "ttft50-tok10-n8";
    public const string RampModel = "ttft50-tok20-n25";

    public async Task<Figure> TimeToFirstTokenAsync(CancellationToken ct)
    {
        var assistant = await CreateAssistantAsync(TtftModel, ct);
        List<Row> rows = [];
        foreach (var (concurrency, count) in settings.TtftLevels)
        {
            var direct = FirstTokens(await StreamAsync(concurrency, count, (_, c) => targets.StraightFromUpstreamAsync(TtftModel, c), ct));
            var proxied = await StreamAsync(concurrency, count, (_, c) => targets.ThroughProxyAsync(TtftModel, c), ct);
            var proxy = FirstTokens(proxied);
            var spindle = await StreamAsync(concurrency, count, (_, c) => targets.ThroughSpindleAsync(assistant, c), ct);
            var note = $"{spindle.Count(s => s.Ok)} streams, {Errors(spindle)}; proxy {Errors(proxied)}";
            var s = FirstTokens(spindle);
            foreach (var p in (int[])[50, 99])
            {
                var upstream = Stats.Percentile(direct, p);
                rows.Add(new Row($"{concurrency} concurrent: p{p}", Stats.Percentile(s, p), upstream, "ms", p == 50 ? note : null));
                rows.Add(new Row($"{concurrency} concurrent: added p{p}, against the pass-through proxy's", Stats.Percentile(s, p) - upstream,
                    Stats.Percentile(proxy, p) - upstream, "ms"));
            }
        }

        return new Figure(1, "time to first token", "first content chunk straight from the fake upstream; added time against the pass-through proxy's",
            "Client-side stopwatch from sending the request to reading the line: through Spindle, `POST /v1/threads/runs` " +
            "(create thread and run, `stream: true`) to the `data:` line of the first `thread.message.delta`; baseline, " +
            $"`POST /v1/chat/completions` with `stream: true` to the first chunk with content. Upstream model `{TtftModel}` " +
            "(50 ms to first token, 8 tokens 10 ms apart). Closed loop: N workers, each starting its next stream when its last ends; " +
            "at each level the upstream alone, then the same completions through the do-nothing pass-through proxy " +
            "(`Spindle.FakeUpstream --mode proxy`: Kestrel, forwarding the upstream's bytes and flushing each read), then Spindle. " +
            "An added row is the percentile through Spindle (or the proxy) minus the upstream's own at the same level: its ratio is " +
            "Spindle's added time over the proxy's.", rows);
    }

    private static string Errors(List<StreamSample> samples) =>
        samples.All(s => s.Ok) ? "0 errors" : string.Join(", ", samples.Where(s => !s.Ok).GroupBy(s => s.Error).Select(g => $"{g.Count()} {g.Key}"));

    private static List<double> FirstTokens(List<StreamSample> samples) => [.. samples.Where(s => s.Ok).Select(s => s.FirstTokenMs)];

    public async Task<Figure> RampAsync(CancellationToken ct)
    {
        var assistant = await CreateAssistantAsync(RampModel, ct);
        var passed = 0;
        string? failure = null;
        List<StreamSample> passedSpindle = [], passedDirect = [], passedProxy = [];
        (long Spindle, long Upstream) memory = (0, 0);
        var (spindleIdle, upstreamIdle) = (Memory.Read(settings.SpindlePid), Memory.Read(settings.UpstreamPid));
        foreach (var level in settings.RampLevels)
        {
            List<StreamSample> direct;
            long upstreamPerStream;
            await using (var watch = Memory.Watch(settings.UpstreamPid))
            {
                direct = await StreamAsync(level, 2 * level, (_, c) => targets.StraightFromUpstreamAsync(RampModel, c), ct);
                upstreamPerStream = (watch.Peak - upstreamIdle) / level;
            }

            await Task.Delay(500, ct);
            var proxy = await StreamAsync(level, 2 * level, (_, c) => targets.ThroughProxyAsync(RampModel, c), ct);
            await Task.Delay(500, ct);
            List<StreamSample> spindle;
            long spindlePerStream;
            await using (var watch = Memory.Watch(settings.SpindlePid))
            {
                spindle = await StreamAsync(level, 2 * level, (_, c) => targets.ThroughSpindleAsync(assistant, c), ct);
                spindlePerStream = (watch.Peak - spindleIdle) / level;
            }

            var errors = spindle.Where(s => !s.Ok).ToList();
            var unfinished = (2 * level) - spindle.Count;
            Console.WriteLine($"  ramp {level}: {errors.Count} errors, {unfinished} not started in the budget");
            if (errors.Count > 0 || unfinished > 0 || direct.Any(s => !s.Ok))
            {
                failure = $"{level} concurrent: {Errors(spindle)}, {unfinished} not started within {settings.LevelBudget.TotalSeconds:F0} s, upstream alone {direct.Count(s => !s.Ok)} errors";
                break;
            }

            (passed, passedSpindle, passedDirect, passedProxy, memory) = (level, spindle, direct, proxy, (spindlePerStream, upstreamPerStream));
            await Task.Delay(500, ct);
        }

        var top = settings.RampLevels[^1];
        var limit = failure ?? $"no errors up to the last level, {top}";
        var gapsS = passedSpindle.SelectMany(s => s.Gaps).ToList();
        var gapsD = passedDirect.SelectMany(s => s.Gaps).ToList();
        var gapsP = passedProxy.Where(s => s.Ok).SelectMany(s => s.Gaps).ToList();
        var rows = new List<Row>
        {
            new("max concurrent streams with zero errors", passed, null, "", limit),
            new($"p50 gap between tokens at {passed}", Stats.Percentile(gapsS, 50), Stats.Percentile(gapsD, 50), "ms"),
            new($"p99 gap between tokens at {passed}", Stats.Percentile(gapsS, 99), Stats.Percentile(gapsD, 99), "ms",
                $"added {Stats.Percentile(gapsS, 99) - Stats.Percentile(gapsD, 99):F1} ms"),
            new($"added p99 gap between tokens at {passed}, against the pass-through proxy's", Stats.Percentile(gapsS, 99) - Stats.Percentile(gapsD, 99),
                Stats.Percentile(gapsP, 99) - Stats.Percentile(gapsD, 99), "ms", $"proxy: {Errors(passedProxy)}"),
            new($"p99 first token at {passed}", Stats.Percentile(FirstTokens(passedSpindle), 99), Stats.Percentile(FirstTokens(passedDirect), 99), "ms",
                $"through the proxy {Stats.Percentile(FirstTokens(passedProxy), 99):F0} ms; a stream whose tokens pile up behind a late first one shows small gaps"),
            new($"p99 first-to-last-token span at {passed}", Stats.Percentile(Spans(passedSpindle), 99), Stats.Percentile(Spans(passedDirect), 99), "ms",
                "deltas read in one batch show as 0 ms gaps, the span does not hide them"),
            new($"working set per active stream at {passed}", memory.Spindle / 1024.0, memory.Upstream / 1024.0, "KiB",
                "baseline: the fake upstream process serving the same streams alone"),
        };
        return new Figure(2, "concurrent streams", "the same streams straight from the fake upstream, same level",
            $"Levels {string.Join(", ", settings.RampLevels)} concurrent streams, each level two closed-loop rounds (2×N streams) of " +
            $"`{RampModel}` (25 tokens 20 ms apart): the upstream alone, then through the pass-through proxy, then through Spindle. An error is a non-200, a stream without " +
            $"`thread.run.completed` and `done`, or one slower than {settings.StreamTimeout.TotalSeconds:F0} s; the ramp stops at the first level with one. " +
            "Gaps are between consecutive tokens of a stream as read by the client. Working set is VmRSS from /proc, sampled every 20 ms: " +
            "(peak during the level − value before the ramp began, after warm-up) ÷ N, for Spindle while streaming through it, for the upstream while streaming from it alone.", rows);
    }

    /// <summary>Figure 7: streamed runs completed per second by a closed loop, against the upstream's own streams per second.</summary>
    public async Task<Figure> ThroughputAsync(CancellationToken ct)
    {
        var assistant = await CreateAssistantAsync(TtftModel, ct);
        List<Row> rows = [];
        foreach (var (concurrency, duration) in settings.ThroughputLevels)
        {
            var direct = await ClosedLoop.RunAsync(concurrency, 100_000, duration, (_, c) => targets.StraightFromUpstreamAsync(TtftModel, c), ct);
            var spindle = await ClosedLoop.RunAsync(concurrency, 100_000, duration, (_, c) => targets.ThroughSpindleAsync(assistant, c), ct);
            rows.Add(new Row($"{concurrency} concurrent: runs/s", spindle.Count(s => s.Ok) / duration.TotalSeconds, direct.Count(s => s.Ok) / duration.TotalSeconds, "/s",
                $"{spindle.Count(s => !s.Ok)} errors"));
        }

        return new Figure(7, "runs per second", "streams per second straight from the fake upstream",
            $"Closed loop of N workers for a fixed time, each starting its next stream when its last ends: through Spindle " +
            $"`POST /v1/threads/runs` with `stream: true` read to `done` ({(settings.Spindles.Count > 1 ? $"round-robin over {settings.Spindles.Count} nodes" : "one node")}), " +
            $"baseline the same reply (`{TtftModel}`) streamed straight from the upstream. Runs/s counts streams that ended with `thread.run.completed`.", rows);
    }

    private static List<double> Spans(List<StreamSample> samples) => [.. samples.Select(s => s.TokenMs[^1] - s.TokenMs[0])];

    public async Task<string> CreateAssistantAsync(string model, CancellationToken ct)
    {
        using var response = await targets.Http.SendAsync(Targets.SpindleRequest(HttpMethod.Post, new Uri(targets.Spindle, "/v1/assistants"),
            $$"""{"model":"fake/{{model}}","name":"bench {{model}}"}"""), ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private Task<List<StreamSample>> StreamAsync(int concurrency, int count, Func<int, CancellationToken, Task<StreamSample>> stream, CancellationToken ct) =>
        ClosedLoop.RunAsync(concurrency, count, settings.LevelBudget, stream, ct);
}
