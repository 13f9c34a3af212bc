using System.Diagnostics;

namespace Spindle.Benchmarks;

/// <summary>
/// `--smoke`: every benchmark once, on 2,000 chunks and 100 kB of text, timed with a stopwatch. For CI, to keep the benchmarks compiling
/// and running without the minutes a real BenchmarkDotNet run takes; its timings are not measurements.
/// </summary>
internal static class Smoke
{
    public static int Run()
    {
        var total = Stopwatch.StartNew();
        var search = new SearchBenchmarks { Chunks = 2_000 };
        search.Setup();
        Time("search: linear dot scan (baseline)", () => search.LinearDotScan());
        Time("search: keyword", () => search.Keyword().Count);
        Time("search: vector", () => search.Vector().Count);
        Time("search: hybrid", () => search.Hybrid().Count);

        var ingestion = new IngestionBenchmarks { Characters = 100_000 };
        ingestion.Setup();
        Time("ingestion: count tokens (baseline)", () => ingestion.CountTokens());
        Time($"ingestion: chunk 100 kB at 800/400 ({IngestionBenchmarks.ChunkCount} chunks)", () => ingestion.ChunkAsync().GetAwaiter().GetResult().Count);
        Console.WriteLine($"smoke run finished in {total.ElapsedMilliseconds} ms");
        return 0;
    }

    private static void Time<T>(string name, Func<T> action)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = action();
        Console.WriteLine($"{name}: {stopwatch.Elapsed.TotalMilliseconds:F1} ms (result {result})");
    }
}
