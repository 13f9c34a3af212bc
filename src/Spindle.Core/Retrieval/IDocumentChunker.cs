namespace Spindle.Core.Retrieval;

/// <summary>
/// Turns an uploaded file into the chunks a vector store indexes: parse (txt, md, html, json, csv, source code,
/// pdf, docx), then split into token windows with overlap (OpenAI's default: 800 tokens, 400 overlap).
/// </summary>
/// <remarks>Thread-safe. Throws <see cref="UnreadableFileException"/> for a file it cannot read.</remarks>
public interface IDocumentChunker
{
    Task<IReadOnlyList<DocumentChunk>> ChunkAsync(string fileName, Stream content, ChunkingOptions options, CancellationToken cancellationToken);
}

/// <summary>A static chunking strategy: window size and overlap, in tokens (100–4096; overlap ≤ half).</summary>
public sealed record ChunkingOptions(int MaxChunkSizeTokens = 800, int ChunkOverlapTokens = 400);

/// <summary>One chunk of a file, in file order.</summary>
public sealed record DocumentChunk(int Index, string Text, int TokenCount);
