using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Spindle.Core.Retrieval;
using Spindle.Tools.FileSearch;

namespace Spindle.Benchmarks;

/// <summary>
/// One search over a built index, excluding the query's embedding call. The baseline is the floor for exact vector
/// search: a linear scan of dot products over the same raw vectors, keeping only the maximum.
/// </summary>
[MemoryDiagnoser]
public class SearchBenchmarks
{
    private static readonly SearchOptions Top20Hybrid = new(20);
    private static readonly SearchOptions Top20Keyword = new(20, Mode: RankingMode.Keyword);
    private static readonly SearchOptions Top20Vector = new(20, Mode: RankingMode.Vector);

    private List<IndexedChunk> _chunks = [];
    private ISearchIndex _index = null!;
    private string _query = "";
    private float[] _queryVector = [];

    [Params(10_000, 100_000)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _chunks = SyntheticCorpus.Chunks(Chunks);
        using var services = new ServiceCollection().AddSpindleFileSearch().BuildServiceProvider();
        _index = services.GetRequiredService<ISearchIndexFactory>().Build(_chunks);
        _query = SyntheticCorpus.Query();
        _queryVector = SyntheticCorpus.Vector(new Random(99), SyntheticCorpus.Dimensions);
    }

    [Benchmark(Baseline = true)]
    public float LinearDotScan()
    {
        var best = float.NegativeInfinity;
        foreach (var chunk in _chunks)
            best = Math.Max(best, TensorPrimitives.Dot(_queryVector, chunk.Embedding));
        return best;
    }

    [Benchmark]
    public IReadOnlyList<SearchHit> Keyword() => _index.Search(_query, null, Top20Keyword);

    [Benchmark]
    public IReadOnlyList<SearchHit> Vector() => _index.Search(_query, _queryVector, Top20Vector);

    [Benchmark]
    public IReadOnlyList<SearchHit> Hybrid() => _index.Search(_query, _queryVector, Top20Hybrid);
}
