using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Spindle.Core.Retrieval;
using Spindle.Tools.FileSearch;
using Spindle.Tools.FileSearch.Embedding;

namespace Spindle.Benchmarks;

/// <summary>
/// `--percentiles`: what BenchmarkDotNet's means hide. Search latency p50/p99 over many single searches (different query
/// vectors, the synthetic corpus's 384-dimension chunks, the default ranking) at 10k and 100k chunks, each next to the
/// linear dot-product scan over the same float vectors; the managed memory an index adds per chunk; and ingestion
/// throughput with the local model (arctic-embed-xs) on 800-token chunks. One line per figure:
/// <c>percentiles: &lt;metric&gt;: &lt;value&gt; &lt;unit&gt; (baseline &lt;value&gt;)</c>.
/// </summary>
internal static class Percentiles
{
    public static int Run(bool smoke)
    {
        foreach (var count in smoke ? [2_000] : new[] { 10_000, 100_000 })
            Search(count, smoke ? 20 : 400);
        Ingestion(smoke ? 2 : 48);
        return 0;
    }

    private static void Search(int count, int searches)
    {
        var chunks = SyntheticCorpus.Chunks(count);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var services = new ServiceCollection().AddSpindleFileSearch().BuildServiceProvider();
        var index = services.GetRequiredService<ISearchIndexFactory>().Build(chunks);
        var perChunk = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)count;
        Console.WriteLine($"percentiles: index memory at {count:N0} chunks: {perChunk:F0} bytes per chunk (baseline {SyntheticCorpus.Dimensions * sizeof(float)})");

        var random = new Random(7);
        var query = SyntheticCorpus.Query();
        var vectors = Enumerable.Range(0, searches).Select(_ => SyntheticCorpus.Vector(random, SyntheticCorpus.Dimensions)).ToList();
        foreach (var mode in new[] { RankingMode.Hybrid, RankingMode.Vector })
        {
            var options = new SearchOptions(20, Mode: mode);
            index.Search(query, vectors[0], options);
            var spindle = Time(vectors, v => index.Search(query, v, options).Count);
            var scan = Time(vectors, v => chunks.Max(c => System.Numerics.Tensors.TensorPrimitives.Dot(v, c.Embedding)));
            Console.WriteLine($"percentiles: {mode} search at {count:N0} chunks p50: {Percentile(spindle, 0.5):F2} ms (baseline {Percentile(scan, 0.5):F2})");
            Console.WriteLine($"percentiles: {mode} search at {count:N0} chunks p99: {Percentile(spindle, 0.99):F2} ms (baseline {Percentile(scan, 0.99):F2})");
        }
    }

    private static void Ingestion(int count)
    {
        var model = new LocalEmbeddingModel(LocalEmbeddingModel.DefaultPath);
        var texts = new IngestionBenchmarks { Characters = count * 4_000 }.ChunkTexts(count);
        var load = Stopwatch.StartNew();
        model.EmbedAsync(texts.Take(1).ToList(), null, CancellationToken.None).GetAwaiter().GetResult();
        Console.WriteLine($"percentiles: local model first embedding (load): {load.Elapsed.TotalMilliseconds:F0} ms");
        var embed = Stopwatch.StartNew();
        model.EmbedAsync(texts, null, CancellationToken.None).GetAwaiter().GetResult();
        Console.WriteLine($"percentiles: local model ingestion, 800/400 chunks: {texts.Count / embed.Elapsed.TotalSeconds:F1} chunks/s");
        var query = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
            model.EmbedQueryAsync($"how do I configure item {i}?", null, CancellationToken.None).GetAwaiter().GetResult();
        Console.WriteLine($"percentiles: local model query embedding: {query.Elapsed.TotalMilliseconds / 20:F1} ms");
    }

    private static List<double> Time(IReadOnlyList<float[]> vectors, Func<float[], object> search)
    {
        var times = new List<double>(vectors.Count);
        foreach (var vector in vectors)
        {
            var start = Stopwatch.GetTimestamp();
            search(vector);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
