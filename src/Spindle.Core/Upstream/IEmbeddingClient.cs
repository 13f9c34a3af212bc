namespace Spindle.Core.Upstream;

/// <summary>
/// The embedding model file search uses: a provider's OpenAI-compatible <c>/embeddings</c> endpoint when one is
/// configured, otherwise the local model that ships with Spindle.
/// </summary>
/// <remarks>Thread-safe. Expected failures surface as <see cref="ModelException"/>.</remarks>
public interface IEmbeddingClient
{
    bool IsConfigured { get; }

    /// <summary>
    /// The model's name, recorded on every chunk it embeds: vectors of another model are never compared with its queries.
    /// </summary>
    string Model { get; }

    /// <summary>One vector per passage, in input order.</summary>
    Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> inputs, string? apiKey, CancellationToken cancellationToken);

    /// <summary>The vector of a search query (with the model's query prefix, when it has one).</summary>
    Task<float[]> EmbedQueryAsync(string query, string? apiKey, CancellationToken cancellationToken);
}
