using System.Numerics.Tensors;
using Spindle.Core.Retrieval;

namespace Spindle.Tools.FileSearch.Ranking;

/// <summary>
/// The chunks' embeddings as one row-major matrix of unit vectors, so cosine similarity is a dot product. Chunks with no
/// embedding, or one of another dimension than the first (a file embedded by another model), have no row.
/// </summary>
internal sealed class VectorIndex
{
    private readonly float[] _matrix;
    private readonly int[] _rowChunks;

    public VectorIndex(IReadOnlyList<IndexedChunk> chunks)
    {
        Dimensions = chunks.FirstOrDefault(static c => c.Embedding is { Length: > 0 })?.Embedding!.Length ?? 0;
        var rows = new List<int>();
        for (var c = 0; c < chunks.Count; c++)
        {
            if (Dimensions > 0 && chunks[c].Embedding?.Length == Dimensions)
                rows.Add(c);
        }

        _rowChunks = [.. rows];
        _matrix = new float[_rowChunks.Length * Dimensions];
        for (var r = 0; r < _rowChunks.Length; r++)
            Normalize(chunks[_rowChunks[r]].Embedding!, _matrix.AsSpan(r * Dimensions, Dimensions));
    }

    public int Dimensions { get; }

    public int Rows => _rowChunks.Length;

    /// <summary>The query as a unit vector; throws when its dimension differs from the index's.</summary>
    public float[] NormalizeQuery(float[] query)
    {
        if (query.Length != Dimensions)
            throw new ArgumentException($"The query embedding has {query.Length} dimensions; the indexed chunks have {Dimensions}.", nameof(query));
        var normalized = new float[Dimensions];
        Normalize(query, normalized);
        return normalized;
    }

    /// <summary>Writes each embedded chunk's cosine similarity to <paramref name="scores"/> (indexed by chunk).</summary>
    public void ScoreAll(ReadOnlySpan<float> unitQuery, Span<float> scores)
    {
        for (var r = 0; r < _rowChunks.Length; r++)
            scores[_rowChunks[r]] = TensorPrimitives.Dot(unitQuery, _matrix.AsSpan(r * Dimensions, Dimensions));
    }

    /// <summary>Offers each embedded chunk with its cosine similarity to <paramref name="top"/>.</summary>
    public void Top(ReadOnlySpan<float> unitQuery, TopK top)
    {
        for (var r = 0; r < _rowChunks.Length; r++)
        {
            var score = TensorPrimitives.Dot(unitQuery, _matrix.AsSpan(r * Dimensions, Dimensions));
            if (score > top.Floor)
                top.Offer(_rowChunks[r], score);
        }
    }

    private static void Normalize(ReadOnlySpan<float> source, Span<float> destination)
    {
        var norm = TensorPrimitives.Norm(source);
        if (norm > 0f)
            TensorPrimitives.Divide(source, norm, destination);
        else
            destination.Clear();
    }
}
