using Microsoft.Extensions.Options;
using Spindle.Core.Retrieval;
using Spindle.Core.Upstream;

namespace Spindle.Core.VectorStores;

/// <summary>
/// Embeds chunks with the configured <see cref="IEmbeddingClient"/>, <see cref="VectorStoreOptions.EmbeddingBatchSize"/>
/// at a time, and stamps each with the model's name. Used by ingestion and, after a change of model, by search.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class ChunkEmbedder(IEmbeddingClient embeddings, IOptions<VectorStoreOptions> options)
{
    /// <summary>Whether there is a model at all; without one chunks are kept without vectors (keyword ranking).</summary>
    public bool IsConfigured => embeddings.IsConfigured;

    /// <summary>The name recorded on the chunks <see cref="EmbedAsync"/> returns.</summary>
    public string Model => embeddings.Model;

    /// <summary>True when <paramref name="chunk"/> was embedded by the current model, or there is none.</summary>
    public bool IsCurrent(IndexedChunk chunk) =>
        !embeddings.IsConfigured || (chunk.Embedding is not null && chunk.EmbeddingModel == embeddings.Model);

    /// <summary>The chunks with vectors from the current model; throws <see cref="ModelException"/> when embedding fails.</summary>
    public async Task<IReadOnlyList<IndexedChunk>> EmbedAsync(IReadOnlyList<IndexedChunk> chunks, string? apiKey, CancellationToken cancellationToken)
    {
        var embedded = new List<IndexedChunk>(chunks.Count);
        foreach (var batch in chunks.Chunk(options.Value.EmbeddingBatchSize))
        {
            var vectors = await embeddings.EmbedAsync(batch.Select(static c => c.Text).ToList(), apiKey, cancellationToken);
            if (vectors.Count != batch.Length)
            {
                throw new ModelException("server_error", $"The embeddings endpoint returned {vectors.Count} vectors for {batch.Length} inputs.");
            }

            embedded.AddRange(batch.Select((c, i) => c with { Embedding = vectors[i], EmbeddingModel = embeddings.Model }));
        }

        return embedded;
    }
}
