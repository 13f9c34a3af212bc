namespace Spindle.Providers.Routing;

/// <summary>
/// The upstream providers by name, bound from <c>Spindle:Providers</c>, e.g.
/// <c>Spindle:Providers:local:BaseUrl=http://127.0.0.1:11434/v1</c>. With none configured, <c>OPENAI_API_KEY</c>
/// and <c>OPENAI_BASE_URL</c> make a default provider named <c>openai</c>.
/// </summary>
internal sealed class ProvidersOptions
{
    public const string Section = "Spindle:Providers";

    /// <summary>The name of the provider made from <c>OPENAI_API_KEY</c> and <c>OPENAI_BASE_URL</c>.</summary>
    public const string EnvironmentProviderName = "openai";

    // Configuration keys are case-insensitive, so provider names (and model prefixes) are too.
    public Dictionary<string, ProviderOptions> Providers { get; } = new(StringComparer.OrdinalIgnoreCase);
}
