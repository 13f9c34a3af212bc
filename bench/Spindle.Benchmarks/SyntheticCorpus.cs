using System.Text;
using Spindle.Core.Retrieval;
using Spindle.Tools.FileSearch.Embedding;

namespace Spindle.Benchmarks;

/// <summary>
/// Deterministic chunks for the search benchmarks: 150 words each drawn from a Zipf-distributed vocabulary of 20,000
/// words (so posting lists are as skewed as in real text), with random vectors of 384 dimensions recorded as the local
/// model's (arctic-embed-xs), the default embedding model.
/// </summary>
internal static class SyntheticCorpus
{
    public const int Dimensions = 384;
    private const int Vocabulary = 20_000;
    private const int WordsPerChunk = 150;

    public static List<IndexedChunk> Chunks(int count, int dimensions = Dimensions, int seed = 1)
    {
        var random = new Random(seed);
        var cumulative = ZipfCumulative();
        var chunks = new List<IndexedChunk>(count);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Clear();
            for (var w = 0; w < WordsPerChunk; w++)
                text.Append(Word(Sample(cumulative, random))).Append(' ');
            chunks.Add(new IndexedChunk($"file-{i / 20}", "synthetic.txt", i % 20, text.ToString(), Vector(random, dimensions), LocalEmbeddingModel.Name));
        }

        return chunks;
    }

    /// <summary>A query of four mid-frequency words, the kind that touches a few percent of the chunks.</summary>
    public static string Query() => string.Join(' ', Word(40), Word(120), Word(500), Word(2_000));

    public static float[] Vector(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (var d = 0; d < dimensions; d++)
            vector[d] = (float)(random.NextDouble() * 2 - 1);
        return vector;
    }

    // Letters only, so the analyzer keeps each word whole: word 0 is "ba", word 1 "ca", …
    private static string Word(int rank)
    {
        const string letters = "bcdfghjklmnpqrstvwxz";
        var builder = new StringBuilder();
        var n = rank;
        do
        {
            builder.Append(letters[n % letters.Length]).Append('a');
            n /= letters.Length;
        }
        while (n > 0);
        return builder.ToString();
    }

    private static double[] ZipfCumulative()
    {
        var cumulative = new double[Vocabulary];
        var sum = 0.0;
        for (var r = 0; r < Vocabulary; r++)
            cumulative[r] = sum += 1.0 / (r + 1);
        for (var r = 0; r < Vocabulary; r++)
            cumulative[r] /= sum;
        return cumulative;
    }

    private static int Sample(double[] cumulative, Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }
}
