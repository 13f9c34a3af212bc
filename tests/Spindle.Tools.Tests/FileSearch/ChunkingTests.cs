using System.Text;
using Microsoft.ML.Tokenizers;
using Spindle.Core.Retrieval;
using Spindle.Tools.FileSearch.Chunking;

namespace Spindle.Tools.Tests.FileSearch;

public sealed class ChunkingTests
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");
    private readonly DocumentChunker _chunker = new();

    [Fact]
    public void The_default_strategy_is_openais_800_tokens_with_400_overlap()
    {
        var options = new ChunkingOptions();

        Assert.Equal((800, 400), (options.MaxChunkSizeTokens, options.ChunkOverlapTokens));
    }

    [Theory]
    [InlineData(800, 400)]
    [InlineData(300, 100)]
    [InlineData(100, 0)]
    [InlineData(4096, 2048)]
    public async Task Chunks_fit_the_window_overlap_by_the_overlap_and_cover_the_text(int max, int overlap)
    {
        var text = SampleText.Paragraphs(12_000);

        var chunks = await ChunkAsync(text, new ChunkingOptions(max, overlap));

        var spans = Locate(text, chunks);
        Assert.True(chunks.Count > 1);
        Assert.Equal(0, spans[0].Start);
        Assert.Equal(text.Length, spans[^1].End);
        for (var i = 0; i < chunks.Count; i++)
        {
            Assert.Equal(i, chunks[i].Index);
            Assert.Equal(O200k.CountTokens(chunks[i].Text), chunks[i].TokenCount);
            Assert.InRange(chunks[i].TokenCount, 1, max);
        }

        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.True(spans[i].Start <= spans[i - 1].End, $"gap between chunks {i - 1} and {i}");
            var shared = O200k.CountTokens(text[spans[i].Start..spans[i - 1].End]);
            Assert.InRange(shared, Math.Max(0, overlap - 2), overlap + 2);
        }
    }

    [Fact]
    public async Task Windows_of_800_are_mostly_full()
    {
        var chunks = await ChunkAsync(SampleText.Paragraphs(12_000), new ChunkingOptions());

        Assert.All(chunks.SkipLast(1), c => Assert.InRange(c.TokenCount, 720, 800));
    }

    [Fact]
    public async Task Chunks_end_at_whitespace_rather_than_inside_a_word()
    {
        var text = SampleText.Paragraphs(6_000);

        var chunks = await ChunkAsync(text, new ChunkingOptions(200, 50));

        foreach (var (start, end) in Locate(text, chunks).SkipLast(1))
            Assert.True(char.IsWhiteSpace(text[end]) || char.IsWhiteSpace(text[end - 1]), $"cut inside a word at {end}: …{text[(end - 10)..(end + 10)]}…");
    }

    [Fact]
    public async Task A_cut_prefers_a_paragraph_break_near_the_window_end()
    {
        // 180 single-token words, then a paragraph break, then more: a 200-token window ends at the break.
        var first = string.Join(' ', Enumerable.Repeat("river", 180)) + ".";
        var text = first + "\n\n" + string.Join(' ', Enumerable.Repeat("meadow", 300)) + ".";

        var chunks = await ChunkAsync(text, new ChunkingOptions(200, 0));

        Assert.Equal(first + "\n\n", chunks[0].Text);
    }

    [Fact]
    public async Task A_short_text_is_one_chunk_equal_to_the_text()
    {
        var chunks = await ChunkAsync("Spindle indexes this sentence.", new ChunkingOptions());

        var chunk = Assert.Single(chunks);
        Assert.Equal(new DocumentChunk(0, "Spindle indexes this sentence.", O200k.CountTokens("Spindle indexes this sentence.")), chunk);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n\t ")]
    public async Task An_empty_document_has_no_chunks(string text)
    {
        Assert.Empty(await ChunkAsync(text, new ChunkingOptions()));
    }

    [Fact]
    public async Task Text_without_spaces_and_with_emoji_still_splits_into_exact_substrings()
    {
        var text = string.Concat(Enumerable.Range(0, 1500).Select(static i => i % 10 == 0 ? "🙂" : ((char)(0x4E00 + i * 37 % 20000)).ToString()));

        var chunks = await ChunkAsync(text, new ChunkingOptions(100, 50));

        var spans = Locate(text, chunks);
        Assert.Equal(text.Length, spans[^1].End);
        Assert.All(chunks, c => Assert.InRange(c.TokenCount, 1, 100));
        Assert.All(chunks, c => Assert.False(char.IsLowSurrogate(c.Text[0])));
    }

    [Theory]
    [InlineData(99, 0)]
    [InlineData(4097, 0)]
    [InlineData(800, 401)]
    [InlineData(800, -1)]
    public async Task Sizes_outside_openais_limits_are_rejected(int max, int overlap)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ChunkAsync("text", new ChunkingOptions(max, overlap)));
    }

    private async Task<IReadOnlyList<DocumentChunk>> ChunkAsync(string text, ChunkingOptions options)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await _chunker.ChunkAsync("sample.txt", content, options, TestContext.Current.CancellationToken);
    }

    // Each chunk is found in the text at or after the previous chunk's start: they are exact substrings, in order.
    private static List<(int Start, int End)> Locate(string text, IReadOnlyList<DocumentChunk> chunks)
    {
        var spans = new List<(int, int)>();
        var from = 0;
        foreach (var chunk in chunks)
        {
            var start = text.IndexOf(chunk.Text, from, StringComparison.Ordinal);
            Assert.True(start >= 0, $"chunk {chunk.Index} is not a substring of the text after offset {from}");
            spans.Add((start, start + chunk.Text.Length));
            from = start + 1;
        }

        return spans;
    }
}
