using System.Runtime.CompilerServices;
using Spindle.Core.Upstream;
using Spindle.Providers.OpenAICompatible;

namespace Spindle.Providers.Routing;

/// <summary>
/// The <see cref="IModelClient"/> the executor sees: routes each request to one named provider.
/// <list type="number">
/// <item><c>name/model</c>, where <c>name</c> is a configured provider, goes to it as <c>model</c>.</item>
/// <item>Otherwise the provider whose <c>Models</c> lists the model.</item>
/// <item>Otherwise the default provider: the one marked <c>Default</c>, or the only one.</item>
/// </list>
/// </summary>
/// <remarks>Thread-safe. Constructs with no provider at all, so the server starts and says what is missing.</remarks>
internal sealed class ProviderRegistry : IModelClient, IEmbeddingClient
{
    private const string NotConfigured =
        "No upstream model provider is configured. Set OPENAI_BASE_URL and OPENAI_API_KEY, or Spindle:Providers.";

    private readonly Dictionary<string, OpenAICompatibleModelClient> _providers;
    private readonly OpenAICompatibleModelClient? _default;
    private readonly (OpenAICompatibleModelClient Provider, string Model)? _embedder;

    public ProviderRegistry(ProvidersOptions options)
    {
        _providers = new(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, settings) in options.Providers)
        {
            var baseUrl = new Uri(string.IsNullOrEmpty(settings.BaseUrl) ? ProviderOptions.OpenAIBaseUrl : settings.BaseUrl);
            _providers[name] = new OpenAICompatibleModelClient(name, baseUrl, settings.ApiKey, [.. settings.Models]);
        }

        var marked = options.Providers.Where(static p => p.Value.Default).Select(p => _providers[p.Key]).ToList();
        _default = marked.Count == 1 ? marked[0] : _providers.Count == 1 ? _providers.Values.Single() : null;

        var embedding = options.Providers
            .Where(static p => !string.IsNullOrEmpty(p.Value.EmbeddingModel))
            .OrderByDescending(p => _providers[p.Key] == _default)
            .Select(p => (_providers[p.Key], p.Value.EmbeddingModel!))
            .ToList();
        _embedder = embedding.Count > 0 ? embedding[0] : null;
    }

    /// <summary>Whether some provider has an embedding model; file search ranks by keywords alone otherwise.</summary>
    bool IEmbeddingClient.IsConfigured => _embedder is not null;

    /// <summary>The embedding model as <c>provider/model</c>, or empty when none is configured.</summary>
    string IEmbeddingClient.Model => _embedder is { } e ? $"{e.Provider.Name}/{e.Model}" : "";

    public Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> inputs, string? apiKey, CancellationToken cancellationToken) =>
        _embedder is { } e
            ? e.Provider.EmbedAsync(e.Model, inputs, apiKey, cancellationToken)
            : throw new ModelException("server_error", "No embedding model is configured (Spindle:Providers:<name>:EmbeddingModel).");

    public async Task<float[]> EmbedQueryAsync(string query, string? apiKey, CancellationToken cancellationToken) =>
        (await EmbedAsync([query], apiKey, cancellationToken))[0];

    /// <summary>False when no provider is configured; every <see cref="StreamAsync"/> then fails with a clear message.</summary>
    public bool IsConfigured => _providers.Count > 0;

    public IReadOnlyCollection<OpenAICompatibleModelClient> Providers => _providers.Values;

    public async IAsyncEnumerable<ModelUpdate> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (provider, model) = Route(request.Model);
        await foreach (var update in provider.StreamAsync(request with { Model = model }, cancellationToken))
            yield return update;
    }

    /// <summary>
    /// Every provider's models, in configuration order, without duplicate ids. A caller's own key goes to every
    /// provider, as <see cref="StreamAsync"/> sends it to whichever provider the model routes to.
    /// </summary>
    public async Task<IReadOnlyList<ModelInfo>> ListModelsAsync(string? apiKey, CancellationToken cancellationToken)
    {
        var lists = await Task.WhenAll(_providers.Values.Select(p => p.ListModelsAsync(apiKey, cancellationToken)));
        return [.. lists.SelectMany(static list => list).DistinctBy(static m => m.Id)];
    }

    /// <summary>The provider a model goes to, and the model id to send it.</summary>
    public (OpenAICompatibleModelClient Provider, string Model) Route(string model)
    {
        if (_providers.Count == 0)
            throw new ModelException("server_error", NotConfigured);

        var slash = model.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && _providers.TryGetValue(model[..slash], out var prefixed))
            return (prefixed, model[(slash + 1)..]);

        foreach (var provider in _providers.Values)
        {
            if (provider.Models.Contains(model, StringComparer.Ordinal))
                return (provider, model);
        }

        return _default is not null
            ? (_default, model)
            : throw new ModelException("server_error",
                $"No upstream provider serves model '{model}'. Write it as '<provider>/{model}' with one of "
                + $"{string.Join(", ", _providers.Keys)}, list it under {ProvidersOptions.Section}:<provider>:Models, or mark one provider Default.");
    }
}
