namespace Spindle.Providers.Routing;

/// <summary>One OpenAI-compatible upstream, under <c>Spindle:Providers:&lt;name&gt;</c>.</summary>
internal sealed class ProviderOptions
{
    public const string OpenAIBaseUrl = "https://api.openai.com/v1";

    /// <summary>The API root, ending before <c>/chat/completions</c>; OpenAI's when empty.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The key Spindle sends; a caller's own key (bring-your-own-key) replaces it per call. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model ids this provider serves, for routing and as the fallback model list.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>Takes every model no other rule routes. Only one provider may set it.</summary>
    public bool Default { get; set; }

    /// <summary>
    /// The model this provider embeds file-search chunks and queries with (its <c>/embeddings</c> endpoint); none
    /// means the provider offers no embeddings. The default provider's is used, else the first one that has one.
    /// </summary>
    public string? EmbeddingModel { get; set; }
}
