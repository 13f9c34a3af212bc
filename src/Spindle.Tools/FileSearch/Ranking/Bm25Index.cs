using Spindle.Core.Retrieval;

namespace Spindle.Tools.FileSearch.Ranking;

/// <summary>
/// An inverted index scoring Okapi BM25 (k1 = 1.2, b = 0.75). Each posting stores its document's saturated,
/// length-normalised term weight, so a query costs one multiply-add per posting of its terms and nothing else.
/// </summary>
internal sealed class Bm25Index
{
    private const float K1 = 1.2f;
    private const float B = 0.75f;

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _termIds;
    private readonly int[] _postingStarts;
    private readonly int[] _postingDocuments;
    private readonly float[] _postingWeights;
    private readonly float[] _idf;

    public Bm25Index(IReadOnlyList<IndexedChunk> chunks)
    {
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        var documents = new (int Term, int Frequency)[chunks.Count][];
        var lengths = new int[chunks.Count];
        var termIds = new List<int>();
        for (var d = 0; d < chunks.Count; d++)
        {
            termIds.Clear();
            var state = (lookup, termIds);
            TextAnalyzer.Analyze(chunks[d].Text, ref state, static (ref state, term) =>
            {
                if (!state.lookup.TryGetValue(term, out var id))
                {
                    id = state.lookup.Dictionary.Count;
                    state.lookup[term] = id;
                }

                state.termIds.Add(id);
            });
            lengths[d] = termIds.Count;
            documents[d] = CountRuns(termIds);
        }

        _termIds = lookup;
        var averageLength = chunks.Count == 0 ? 1f : Math.Max(1f, (float)lengths.Average());
        (_postingStarts, _postingDocuments, _postingWeights) = Invert(documents, lengths, terms.Count, averageLength);
        _idf = new float[terms.Count];
        for (var t = 0; t < _idf.Length; t++)
        {
            var df = _postingStarts[t + 1] - _postingStarts[t];
            _idf[t] = MathF.Log(1f + (chunks.Count - df + 0.5f) / (df + 0.5f));
        }
    }

    /// <summary>
    /// Adds each document's BM25 score for <paramref name="query"/> to <paramref name="scores"/> and returns the
    /// highest score any document could reach for it (every term, infinitely often), which maps scores into 0–1.
    /// </summary>
    public float Accumulate(string query, Span<float> scores)
    {
        var upperBound = 0f;
        foreach (var term in QueryTerms(query))
        {
            var idf = _idf[term];
            upperBound += idf * (K1 + 1f);
            var start = _postingStarts[term];
            var end = _postingStarts[term + 1];
            var documents = _postingDocuments.AsSpan(start, end - start);
            var weights = _postingWeights.AsSpan(start, end - start);
            for (var p = 0; p < documents.Length; p++)
                scores[documents[p]] += idf * weights[p];
        }

        return upperBound;
    }

    // Distinct known terms: a repeated query word does not count twice, and an unknown one matches nothing.
    private HashSet<int> QueryTerms(string query)
    {
        var ids = new HashSet<int>();
        var state = (_termIds, ids);
        TextAnalyzer.Analyze(query, ref state, static (ref state, term) =>
        {
            if (state._termIds.TryGetValue(term, out var id))
                state.ids.Add(id);
        });
        return ids;
    }

    private static (int Term, int Frequency)[] CountRuns(List<int> termIds)
    {
        termIds.Sort();
        var runs = new List<(int, int)>();
        for (var i = 0; i < termIds.Count;)
        {
            var j = i;
            while (j < termIds.Count && termIds[j] == termIds[i])
                j++;
            runs.Add((termIds[i], j - i));
            i = j;
        }

        return [.. runs];
    }

    private static (int[] Starts, int[] Documents, float[] Weights) Invert(
        (int Term, int Frequency)[][] documents, int[] lengths, int termCount, float averageLength)
    {
        var starts = new int[termCount + 1];
        foreach (var document in documents)
        {
            foreach (var (term, _) in document)
                starts[term + 1]++;
        }

        for (var t = 0; t < termCount; t++)
            starts[t + 1] += starts[t];

        var next = starts[..^1];
        var postingDocuments = new int[starts[^1]];
        var postingWeights = new float[starts[^1]];
        for (var d = 0; d < documents.Length; d++)
        {
            var norm = K1 * (1f - B + B * lengths[d] / averageLength);
            foreach (var (term, frequency) in documents[d])
            {
                var slot = next[term]++;
                postingDocuments[slot] = d;
                postingWeights[slot] = frequency * (K1 + 1f) / (frequency + norm);
            }
        }

        return (starts, postingDocuments, postingWeights);
    }
}
