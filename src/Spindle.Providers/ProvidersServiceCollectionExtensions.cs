using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spindle.Core.Upstream;
using Spindle.Providers.Forwarding;
using Spindle.Providers.Routing;

namespace Spindle.Providers;

public static class ProvidersServiceCollectionExtensions
{
    private const string DefaultEmbeddingModel = "text-embedding-3-small";

    /// <summary>
    /// Registers the upstream providers from <c>Spindle:Providers</c> (or <c>OPENAI_API_KEY</c> /
    /// <c>OPENAI_BASE_URL</c> when that section is empty) and the <see cref="IModelClient"/> that routes to them.
    /// The configuration is validated at start-up.
    /// </summary>
    public static IServiceCollection AddSpindleProviders(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ProvidersOptions>()
            .Configure(options => configuration.GetSection(ProvidersOptions.Section).Bind(options.Providers))
            .PostConfigure(options => AddEnvironmentProvider(options, configuration))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProvidersOptions>, ProvidersOptionsValidator>();
        services.AddSingleton(static sp => new ProviderRegistry(sp.GetRequiredService<IOptions<ProvidersOptions>>().Value));
        services.AddSingleton<IModelClient>(static sp => sp.GetRequiredService<ProviderRegistry>());
        services.AddSingleton<IEmbeddingClient>(static sp => sp.GetRequiredService<ProviderRegistry>());
        services.AddSingleton<UpstreamForwarder>();
        return services;
    }

    // The host's configuration holds the environment, so OPENAI_API_KEY reads as a key of its own.
    private static void AddEnvironmentProvider(ProvidersOptions options, IConfiguration configuration)
    {
        var apiKey = configuration["OPENAI_API_KEY"];
        var baseUrl = configuration["OPENAI_BASE_URL"];
        if (options.Providers.Count > 0 || (string.IsNullOrEmpty(apiKey) && string.IsNullOrEmpty(baseUrl)))
            return;

        options.Providers[ProvidersOptions.EnvironmentProviderName] = new ProviderOptions
        {
            BaseUrl = string.IsNullOrEmpty(baseUrl) ? ProviderOptions.OpenAIBaseUrl : baseUrl,
            ApiKey = apiKey,
            Default = true,

            // OpenAI itself has embeddings; a compatible local server may not, so it gets none unless configured.
            EmbeddingModel = string.IsNullOrEmpty(baseUrl) || baseUrl.StartsWith(ProviderOptions.OpenAIBaseUrl, StringComparison.OrdinalIgnoreCase)
                ? configuration["OPENAI_EMBEDDING_MODEL"] ?? DefaultEmbeddingModel
                : configuration["OPENAI_EMBEDDING_MODEL"],
        };
    }
}
