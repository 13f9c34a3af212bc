namespace Spindle.Tools.FileSearch.Ranking;

/// <summary>
/// The k best (id, score) pairs seen, kept in a bounded min-heap whose root is the worst kept pair, so offering n
/// candidates costs O(n log k) and no sort of all n. Ties go to the lower id: file order, deterministic.
/// </summary>
internal sealed class TopK
{
    private readonly int[] _ids;
    private readonly float[] _scores;
    private int _count;

    public TopK(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _ids = new int[capacity];
        _scores = new float[capacity];
    }

    public int Count => _count;

    /// <summary>The score a candidate must beat to enter once the heap is full.</summary>
    public float Floor => _count < _ids.Length ? float.NegativeInfinity : _scores[0];

    public void Offer(int id, float score)
    {
        if (_count < _ids.Length)
        {
            _ids[_count] = id;
            _scores[_count] = score;
            SiftUp(_count++);
            return;
        }

        if (!IsWorse(_ids[0], _scores[0], id, score))
            return;
        _ids[0] = id;
        _scores[0] = score;
        SiftDown(0);
    }

    /// <summary>The kept pairs, best first. Empties the heap.</summary>
    public (int Id, float Score)[] Drain()
    {
        var result = new (int, float)[_count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            result[i] = (_ids[0], _scores[0]);
            _count--;
            _ids[0] = _ids[_count];
            _scores[0] = _scores[_count];
            SiftDown(0);
        }

        return result;
    }

    // True when (id, score) ranks below (otherId, otherScore).
    private static bool IsWorse(int id, float score, int otherId, float otherScore) =>
        score < otherScore || score == otherScore && id > otherId;

    private void SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!IsWorse(_ids[index], _scores[index], _ids[parent], _scores[parent]))
                return;
            Swap(index, parent);
            index = parent;
        }
    }

    private void SiftDown(int index)
    {
        while (true)
        {
            var worst = index;
            var left = 2 * index + 1;
            var right = left + 1;
            if (left < _count && IsWorse(_ids[left], _scores[left], _ids[worst], _scores[worst]))
                worst = left;
            if (right < _count && IsWorse(_ids[right], _scores[right], _ids[worst], _scores[worst]))
                worst = right;
            if (worst == index)
                return;
            Swap(index, worst);
            index = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_ids[a], _ids[b]) = (_ids[b], _ids[a]);
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
    }
}
