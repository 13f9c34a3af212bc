using System.Text;

namespace Spindle.Tools.Tests.FileSearch;

/// <summary>
/// A deterministic stand-in for an embedding model: feature hashing (with a sign bit, so collisions cancel rather than
/// pile up) of lower-cased words plus their character trigrams, L2-normalised. Words give lexical overlap like a bag of
/// words; trigrams give sub-word overlap, so "erupted"/"eruption" or "Postgres"/"PostgreSQL" are close, which is the part
/// of a real model's behaviour a test can reproduce without one. It knows no synonyms, so it understates what a real
/// model adds to paraphrased questions.
/// </summary>
internal static class TestEmbeddings
{
    public const int Dimensions = 512;

    private static readonly HashSet<string> StopWords =
        ["a", "an", "and", "the", "of", "to", "in", "is", "it", "for", "on", "with", "by", "at", "as", "or", "be", "are", "what", "how", "why", "do", "does", "i", "my"];

    public static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in Words(text))
        {
            Add(vector, word, 1f);
            var padded = $"<{word}>";
            for (var i = 0; i + 3 <= padded.Length; i++)
                Add(vector, padded.Substring(i, 3), 0.5f);
        }

        var norm = MathF.Sqrt(vector.Sum(static v => v * v));
        if (norm > 0f)
        {
            for (var i = 0; i < vector.Length; i++)
                vector[i] /= norm;
        }

        return vector;
    }

    private static void Add(float[] vector, string feature, float weight)
    {
        var hash = Fnv1a(feature);
        vector[(int)(hash % Dimensions)] += (hash & 0x8000_0000u) == 0 ? weight : -weight;
    }

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (word.Length > 0 && !StopWords.Contains(word.ToString()))
                yield return word.ToString();
            word.Clear();
        }
    }

    private static uint Fnv1a(string feature)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(feature))
            hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
