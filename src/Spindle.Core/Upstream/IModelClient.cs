namespace Spindle.Core.Upstream;

/// <summary>
/// A chat-completions model, as the run executor sees it. Shaped like Microsoft.Extensions.AI's
/// <c>IChatClient</c>, but tool-call argument deltas are streamed as they arrive (ASSISTANTS_API.md §6.4).
/// </summary>
/// <remarks>Thread-safe. Expected failures surface as <see cref="ModelException"/>.</remarks>
public interface IModelClient
{
    /// <summary>Streams one model turn. The last update is always <see cref="ModelUpdate.Finished"/>.</summary>
    IAsyncEnumerable<ModelUpdate> StreamAsync(ModelRequest request, CancellationToken cancellationToken);

    /// <summary>The models the configured providers offer, for <c>GET /v1/models</c>.</summary>
    Task<IReadOnlyList<ModelInfo>> ListModelsAsync(string? apiKey, CancellationToken cancellationToken);
}
