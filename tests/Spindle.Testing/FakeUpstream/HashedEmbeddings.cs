using System.Text;

namespace Spindle.Testing;

/// <summary>
/// Deterministic stand-in embeddings: a hashed bag of lower-cased words, L2-normalised, so texts that share
/// words have a higher cosine similarity. Same input, same vector, on every machine.
/// </summary>
internal static class HashedEmbeddings
{
    public const int DefaultDimensions = 64;

    public static float[] Embed(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (var word in Words(text))
            vector[(int)(Fnv1a(word) % (uint)dimensions)] += 1f;

        var norm = MathF.Sqrt(vector.Sum(static v => v * v));
        if (norm == 0f)
        {
            // An empty text still gets a unit vector, so cosine similarity never divides by zero.
            vector[0] = 1f;
            return vector;
        }

        for (var i = 0; i < vector.Length; i++)
            vector[i] /= norm;
        return vector;
    }

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
            yield return word.ToString();
    }

    private static uint Fnv1a(string word)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(word))
            hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
