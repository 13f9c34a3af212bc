using Microsoft.ML.Tokenizers;
using Spindle.Core.Retrieval;
using Spindle.Tools.FileSearch.Parsing;

namespace Spindle.Tools.FileSearch.Chunking;

/// <summary>
/// Parses a file and splits its text into token windows counted with o200k_base, the encoding of the gpt-4o family
/// that OpenAI's chunking sizes refer to.
/// </summary>
internal sealed class DocumentChunker : IDocumentChunker
{
    private static readonly Lazy<Tokenizer> O200kBase = new(static () => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public async Task<IReadOnlyList<DocumentChunk>> ChunkAsync(
        string fileName, Stream content, ChunkingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(content);
        Validate(options);

        var text = await DocumentParser.ParseAsync(fileName, content, cancellationToken);
        return Chunk(text, options, cancellationToken);
    }

    public static IReadOnlyList<DocumentChunk> Chunk(string text, ChunkingOptions options, CancellationToken cancellationToken)
    {
        Validate(options);
        return TokenWindows.Split(O200kBase.Value, text, options, cancellationToken);
    }

    // ASSISTANTS_API.md §4: max_chunk_size_tokens 100–4096, chunk_overlap_tokens at most half of it. The service
    // validates requests first; this guards the invariant the window arithmetic relies on.
    private static void Validate(ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxChunkSizeTokens, 100, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxChunkSizeTokens, 4096, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.ChunkOverlapTokens, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ChunkOverlapTokens, options.MaxChunkSizeTokens / 2, nameof(options));
    }
}
