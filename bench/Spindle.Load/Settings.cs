namespace Spindle.Load;

/// <summary>
/// The command line bench/run.sh passes (<c>--spindle URL[,URL…] --upstream URL --proxy URL --bare URL --spindle-pid N
/// --upstream-pid N --spindle-dll P --fake-dll P --benchmarks-dll P --out DIR --store NAME [--store-args ARGS]
/// [--spindle-published P --fake-published P] [--smoke] [--figures 1,4]</c>; the last, for profiling one figure, writes
/// only those) and the bounded counts of each figure. <c>--store-args</c> are the Spindle arguments that select the store
/// (tab-separated), and the <c>-published</c> dlls the published servers, for the cold starts of figure 5.
/// </summary>
internal sealed record Settings(
    IReadOnlyList<Uri> Spindles, Uri Upstream, Uri Proxy, Uri Bare, int SpindlePid, int UpstreamPid, string SpindleDll, string FakeDll, string BenchmarksDll,
    string? SpindlePublished, string? FakePublished, string Out, string Store, IReadOnlyList<string> StoreArgs, bool Smoke, IReadOnlySet<int> Figures)
{
    public static Settings Parse(string[] args)
    {
        string? Optional(string name) => args.SkipWhile(a => a != $"--{name}").Skip(1).FirstOrDefault();
        string Get(string name) => Optional(name) ?? throw new ArgumentException($"--{name} is required.");
        return new Settings(
            [.. Get("spindle").Split(',').Select(u => new Uri(u))], new Uri(Get("upstream")), new Uri(Get("proxy")), new Uri(Get("bare")),
            int.Parse(Get("spindle-pid")), int.Parse(Get("upstream-pid")), Get("spindle-dll"), Get("fake-dll"), Get("benchmarks-dll"),
            Optional("spindle-published"), Optional("fake-published"), Get("out"), Get("store"),
            Optional("store-args")?.Split('\t', StringSplitOptions.RemoveEmptyEntries) ?? [],
            args.Contains("--smoke"),
            Optional("figures") is { } only
                ? only.Split(',').Select(int.Parse).ToHashSet()
                : [1, 2, 3, 4, 5, 6, 7]);
    }

    /// <summary>The first node: every figure but the streamed runs of 1, 2 and 7 talks to it alone.</summary>
    public Uri Spindle => Spindles[0];

    /// <summary>Figure 7: (concurrent streams, how long each side is driven).</summary>
    public (int Concurrency, TimeSpan Duration)[] ThroughputLevels => Smoke ? [(20, TimeSpan.FromSeconds(1))] : [(50, TimeSpan.FromSeconds(10)), (200, TimeSpan.FromSeconds(10))];

    /// <summary>Figure 1: (concurrent streams, streams measured) per level.</summary>
    public (int Concurrency, int Count)[] TtftLevels => Smoke ? [(1, 3), (50, 50), (200, 200)] : [(1, 150), (50, 500), (200, 800)];

    /// <summary>Figure 2: the ramp of concurrent streams, each level run for two rounds; it ends at the 2,000 streams the goals name.</summary>
    public int[] RampLevels => Smoke ? [20] : [100, 200, 400, 800, 1200, 2000];

    public TimeSpan LevelBudget => Smoke ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(45);

    public TimeSpan StreamTimeout => Smoke ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(30);

    /// <summary>Figure 3: (completions straight from the upstream, createAndPoll honouring the header, at a fixed 1 s).</summary>
    public (int Upstream, int Header, int Fixed) PollCounts => Smoke ? (2, 2, 1) : (20, 20, 8);

    /// <summary>Figure 4: concurrent clients and the time each endpoint is driven for (after a warm-up of a fifth of it).</summary>
    public (int Workers, TimeSpan Duration, int MaxRequests) Crud => Smoke ? (4, TimeSpan.FromMilliseconds(500), 2_000) : (16, TimeSpan.FromSeconds(6), 100_000);

    /// <summary>Figure 5: cold starts of each server.</summary>
    public int ColdStarts => Smoke ? 1 : 5;
}
