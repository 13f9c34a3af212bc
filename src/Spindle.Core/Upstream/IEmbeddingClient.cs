namespace Spindle.Core.Upstream;

/// <summary>
/// The provider's OpenAI-compatible <c>/embeddings</c> endpoint. When none is configured, file search ranks by
/// keywords alone.
/// </summary>
/// <remarks>Thread-safe. Expected failures surface as <see cref="ModelException"/>.</remarks>
public interface IEmbeddingClient
{
    bool IsConfigured { get; }

    /// <summary>One vector per input, in input order.</summary>
    Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> inputs, string? apiKey, CancellationToken cancellationToken);
}
