using Microsoft.ML.Tokenizers;
using Spindle.Core.Retrieval;

namespace Spindle.Tools.FileSearch.Chunking;

/// <summary>
/// Splits a text into overlapping windows of at most <c>max</c> tokens. Each window ends on the best boundary among its
/// last tokens (paragraph break, then line break or sentence end, then any whitespace), and the next window starts
/// <c>overlap</c> tokens before that end, so consecutive chunks share exactly the overlap and together cover the text.
/// Windows are cut at token offsets of the whole text, so every chunk is an exact substring of it.
/// </summary>
internal static class TokenWindows
{
    public static List<DocumentChunk> Split(Tokenizer tokenizer, string text, ChunkingOptions options, CancellationToken cancellationToken)
    {
        var chunks = new List<DocumentChunk>();
        if (string.IsNullOrWhiteSpace(text))
            return chunks;

        var starts = TokenStarts(tokenizer, text);
        var tokenCount = starts.Length - 1;
        var max = options.MaxChunkSizeTokens;
        var overlap = options.ChunkOverlapTokens;
        // Looking back a tenth of the window for a boundary costs at most 10% of a chunk's length.
        var lookBack = Math.Max(1, max / 10);

        var start = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(start + max, tokenCount);
            if (end < tokenCount)
                end = BestBoundary(text, starts, Math.Max(start + 1, end - lookBack), end);

            var chunk = Measure(tokenizer, text, starts, start, ref end, max);
            chunks.Add(chunk with { Index = chunks.Count });
            if (end >= tokenCount)
                return chunks;
            start = Math.Max(start + 1, end - overlap);
        }
    }

    // The substring retokenised alone can differ from its slice of the whole text at the edges (a word split by
    // the cut), so the window shrinks until the chunk's own count fits.
    private static DocumentChunk Measure(Tokenizer tokenizer, string text, int[] starts, int start, ref int end, int max)
    {
        while (true)
        {
            var chunkText = text[starts[start]..starts[end]];
            var count = tokenizer.CountTokens(chunkText);
            if (count <= max || end - start <= 1)
                return new DocumentChunk(0, chunkText, count);
            end--;
        }
    }

    private static int BestBoundary(string text, int[] starts, int from, int to)
    {
        var best = to;
        var bestRank = 0;
        for (var token = to; token >= from; token--)
        {
            var rank = BoundaryRank(text, starts[token]);
            if (rank > bestRank)
            {
                (best, bestRank) = (token, rank);
                if (rank == 3)
                    break;
            }
        }

        return best;
    }

    // 3: paragraph break, 2: line break or sentence end, 1: whitespace, 0: inside a word.
    private static int BoundaryRank(string text, int position)
    {
        if (position <= 0 || position >= text.Length || char.IsLowSurrogate(text[position]))
            return 0;
        var before = text[position - 1];
        var after = text[position];
        if (before == '\n' && position >= 2 && text[position - 2] == '\n' || after == '\n' && position + 1 < text.Length && text[position + 1] == '\n')
            return 3;
        if (before == '\n' || after == '\n' || before is '.' or '!' or '?' && char.IsWhiteSpace(after))
            return 2;
        return char.IsWhiteSpace(before) || char.IsWhiteSpace(after) ? 1 : 0;
    }

    // starts[i] is the character offset where token i begins; starts[^1] is the text's length. Byte-level tokens
    // of one character share its offset, so offsets are made non-decreasing and never split a surrogate pair.
    private static int[] TokenStarts(Tokenizer tokenizer, string text)
    {
        var tokens = tokenizer.EncodeToTokens(text, out _);
        var starts = new int[tokens.Count + 1];
        var previous = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var offset = Math.Max(previous, tokens[i].Offset.Start.GetOffset(text.Length));
            if (offset < text.Length && char.IsLowSurrogate(text[offset]))
                offset--;
            starts[i] = previous = Math.Max(previous, offset);
        }

        starts[0] = 0;
        starts[^1] = text.Length;
        return starts;
    }
}
