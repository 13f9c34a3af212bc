using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.Tokenizers;
using Spindle.Core.Retrieval;
using Spindle.Tools.FileSearch;

namespace Spindle.Benchmarks;

/// <summary>
/// Parsing and chunking a 1 MB text file (<see cref="Characters"/>) at the default 800/400. The baseline only counts its tokens, so the ratio is
/// the chunker's cost over the tokenizer it cannot avoid. Chunks per second = <see cref="ChunkCount"/> / mean time.
/// </summary>
[MemoryDiagnoser]
public class IngestionBenchmarks
{
    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");
    private IDocumentChunker _chunker = null!;
    private string _text = "";
    private byte[] _bytes = [];

    [Params(1_000_000)]
    public int Characters { get; set; }

    public static int ChunkCount { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = LargeText(Characters);
        _bytes = Encoding.UTF8.GetBytes(_text);
        _chunker = new ServiceCollection().AddSpindleFileSearch().BuildServiceProvider().GetRequiredService<IDocumentChunker>();
        ChunkCount = ChunkAsync().GetAwaiter().GetResult().Count;
    }

    [Benchmark(Baseline = true)]
    public int CountTokens() => _tokenizer.CountTokens(_text);

    [Benchmark]
    public Task<IReadOnlyList<DocumentChunk>> ChunkAsync()
    {
        return _chunker.ChunkAsync("large.txt", new MemoryStream(_bytes, writable: false), new ChunkingOptions(), CancellationToken.None);
    }

    /// <summary>The texts of the first <paramref name="count"/> chunks of <see cref="LargeText"/> at 800/400.</summary>
    public IReadOnlyList<string> ChunkTexts(int count)
    {
        Setup();
        return [.. ChunkAsync().GetAwaiter().GetResult().Take(count).Select(static c => c.Text)];
    }

    /// <summary>Prose-like text of about <paramref name="characters"/> characters: the synthetic corpus's chunks as paragraphs.</summary>
    public static string LargeText(int characters)
    {
        var builder = new StringBuilder(characters + 2_000);
        foreach (var chunk in SyntheticCorpus.Chunks(characters / 600 + 1, dimensions: 1))
        {
            builder.Append(chunk.Text.TrimEnd()).Append(".\n\n");
            if (builder.Length >= characters)
                break;
        }

        return builder.ToString();
    }
}
