using System.Diagnostics;
using System.Net;
using Spindle.Load;

// The load generator of bench/run.sh: a separate process on loopback that drives Spindle, the fake upstream and the
// bare baseline (each started by run.sh), runs figures 1-6 with bounded counts and time, and writes latest.md/json.
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
var targets = new Targets(http, settings.Spindle, settings.Upstream, settings.StreamTimeout);
var streaming = new StreamingFigures(settings, targets);
var ct = CancellationToken.None;

// Warm-up, not measured: JIT, connection pools and SQLite pages on every path the figures take.
var warm = await streaming.CreateAssistantAsync(StreamingFigures.TtftModel, ct);
await ClosedLoop.RunAsync(8, settings.Smoke ? 16 : 64, TimeSpan.FromSeconds(20), (_, c) => targets.ThroughSpindleAsync(warm, c), ct);
await ClosedLoop.RunAsync(8, settings.Smoke ? 16 : 64, TimeSpan.FromSeconds(20), (_, c) => targets.StraightFromUpstreamAsync(StreamingFigures.TtftModel, c), ct);

(string Name, Func<Task<Figure>> Run)[] figures =
[
    ("1 time to first token", () => streaming.TimeToFirstTokenAsync(ct)),
    ("2 concurrent streams", () => streaming.RampAsync(ct)),
    ("3 createAndPoll", () => new PollFigure(settings, targets, streaming).RunAsync(ct)),
    ("4 CRUD", () => new CrudFigure(settings, targets).RunAsync(ct)),
    ("5 cold start", () => new ColdStartFigure(settings).RunAsync(ct)),
    ("6 file_search", () => new SearchFigure(settings).RunAsync(ct)),
];
var results = new List<Figure>();
var failed = false;
foreach (var (name, run) in figures)
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
Report.Write(new Results(settings.Smoke ? "smoke" : "full", machine, startedAt, clock.Elapsed.TotalSeconds, results), settings.Out);
Console.WriteLine($"wrote {Path.Combine(settings.Out, "latest.md")} and latest.json in {clock.Elapsed.TotalSeconds:F0} s");
return failed ? 1 : 0;
