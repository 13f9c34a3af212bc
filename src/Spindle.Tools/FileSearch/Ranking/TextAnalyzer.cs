namespace Spindle.Tools.FileSearch.Ranking;

/// <summary>
/// The keyword side's terms: lower-cased runs of letters and digits, minus common English function words, with a light
/// suffix stemmer so that "indexes", "indexed" and "indexing" meet "index". Documents and queries go through the same
/// steps, so the stemmer only has to be consistent, not linguistically right.
/// </summary>
internal static class TextAnalyzer
{
    private static readonly HashSet<string> StopWords = new(
        [
            "a", "about", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "does",
            "for", "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of",
            "on", "or", "our", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
            "those", "to", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "why", "will", "with",
            "would", "you", "your",
        ],
        StringComparer.Ordinal);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordLookup =
        StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Calls <paramref name="onTerm"/> with each term of <paramref name="text"/>, in order.</summary>
    /// <remarks>The span passed to the callback is only valid during the call.</remarks>
    public static void Analyze<TState>(ReadOnlySpan<char> text, ref TState state, TermAction<TState> onTerm)
    {
        Span<char> buffer = stackalloc char[64];
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWordChar = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWordChar)
            {
                if (start < 0)
                    start = i;
                continue;
            }

            if (start < 0)
                continue;
            var word = text[start..i];
            start = -1;
            // Longer runs are hashes, base64 or minified code: kept whole, they still match themselves.
            if (word.Length > buffer.Length)
            {
                onTerm(ref state, word.ToString().ToLowerInvariant());
                continue;
            }

            var length = word.ToLowerInvariant(buffer);
            var term = buffer[..length];
            if (StopWordLookup.Contains(term))
                continue;
            onTerm(ref state, term[..Stem(term)]);
        }
    }

    public static List<string> Terms(string text)
    {
        var terms = new List<string>();
        Analyze(text, ref terms, static (ref List<string> list, ReadOnlySpan<char> term) => list.Add(term.ToString()));
        return terms;
    }

    // A light English stemmer (S-stemmer plus -ing/-ed/-ly), with length guards so short words keep their meaning.
    // It rewrites the caller's buffer and returns the stem's length.
    private static int Stem(Span<char> word)
    {
        ReadOnlySpan<char> w = word;
        if (w.Length <= 3)
            return w.Length;
        if (w.EndsWith("ies") && w.Length > 4)
        {
            word[^3] = 'y';
            return w.Length - 2;
        }

        if (w.EndsWith("sses") || w.EndsWith("xes") || w.EndsWith("ches") || w.EndsWith("shes"))
            return w.Length - 2;
        if (w.EndsWith("s") && !w.EndsWith("ss") && !w.EndsWith("us") && !w.EndsWith("is"))
            return w.Length - 1;
        if (w.EndsWith("ing") && w.Length > 5)
            return w.Length - 3;
        if ((w.EndsWith("ed") || w.EndsWith("ly")) && w.Length > 4)
            return w.Length - 2;
        return w.Length;
    }
}
