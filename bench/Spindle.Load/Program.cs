using System.Diagnostics;
using System.Net;
using Spindle.Load;

// The load generator of bench/run.sh: a separate process on loopback that drives Spindle, the fake upstream, the
// pass-through proxy and the bare baseline (each started by run.sh), runs figures 1-6 with bounded counts and time, and writes latest.md/json.
var settings = Settings.Parse(args);
var startedAt = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
using var http = new HttpClient(new SocketsHttpHandler
{
    UseProxy = false,
    AutomaticDecompression = DecompressionMethods.None,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    MaxConnectionsPerServer = int.MaxValue,
})
{ Timeout = Timeout.InfiniteTimeSpan };
var targets = new Targets(http, settings.Spindles, settings.Upstream, settings.Proxy, settings.StreamTimeout);
var streaming = new StreamingFigures(settings, targets);
var ct = CancellationToken.None;

// Warm-up, not measured: connection pools, SQLite pages and the JIT (WarmUp says why it waits for the JIT).
var warm = await streaming.CreateAssistantAsync(StreamingFigures.TtftModel, ct);
var warmUp = settings.Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(2);
Task WarmSpindleAsync(TimeSpan budget) => ClosedLoop.RunAsync(16, 5_000, budget, (_, c) => targets.ThroughSpindleAsync(warm, c), ct);
if (settings.Smoke)
    await WarmSpindleAsync(warmUp);
else
    Console.WriteLine($"warm-up: {await WarmUp.RunAsync(settings.SpindlePid, WarmSpindleAsync)}");
await ClosedLoop.RunAsync(16, 5_000, warmUp, (_, c) => targets.StraightFromUpstreamAsync(StreamingFigures.TtftModel, c), ct);
await ClosedLoop.RunAsync(16, 5_000, warmUp, (_, c) => targets.ThroughProxyAsync(StreamingFigures.TtftModel, c), ct);
await Task.Delay(settings.Smoke ? 0 : 1_000, ct);

(string Name, Func<Task<Figure>> Run)[] figures =
[
    ("1 time to first token", () => streaming.TimeToFirstTokenAsync(ct)),
    ("2 concurrent streams", () => streaming.RampAsync(ct)),
    ("3 createAndPoll", () => new PollFigure(settings, targets, streaming).RunAsync(ct)),
    ("4 CRUD", () => new CrudFigure(settings, targets).RunAsync(ct)),
    ("5 cold start", () => new ColdStartFigure(settings).RunAsync(ct)),
    ("6 file_search", () => new SearchFigure(settings).RunAsync(ct)),
    ("7 runs per second", () => streaming.ThroughputAsync(ct)),
];
var results = new List<Figure>();
var failed = false;
foreach (var (name, run) in figures.Where(f => settings.Figures.Contains(int.Parse(f.Name[..1]))))
{
    var figureClock = Stopwatch.StartNew();
    Console.WriteLine($"figure {name}…");
    try
    {
        results.Add(await run());
    }
    catch (Exception e)
    {
        failed = true;
        Console.Error.WriteLine($"figure {name} failed: {e}");
        results.Add(new Figure(int.Parse(name[..1]), name[2..], "–", $"FAILED: {e.Message}", [new Row("failed", null, null, "", e.GetType().Name)]));
    }

    Console.WriteLine($"figure {name}: {figureClock.Elapsed.TotalSeconds:F1} s");
}

var machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
Report.Write(new Results(settings.Smoke ? "smoke" : "full", settings.Store, machine, startedAt, clock.Elapsed.TotalSeconds, results), settings.Out);
Console.WriteLine($"wrote {Path.Combine(settings.Out, "latest.md")} and latest.json in {clock.Elapsed.TotalSeconds:F0} s");
return failed ? 1 : 0;
