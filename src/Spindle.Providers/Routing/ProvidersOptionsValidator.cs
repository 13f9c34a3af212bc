using Microsoft.Extensions.Options;

namespace Spindle.Providers.Routing;

/// <summary>Stops start-up on a provider configuration that could not route, naming the configuration key.</summary>
internal sealed class ProvidersOptionsValidator : IValidateOptions<ProvidersOptions>
{
    public ValidateOptionsResult Validate(string? name, ProvidersOptions options)
    {
        List<string> failures = [];
        foreach (var (provider, settings) in options.Providers)
        {
            var key = $"{ProvidersOptions.Section}:{provider}";
            if (provider.Contains('/', StringComparison.Ordinal))
                failures.Add($"{key}: a provider name cannot contain '/', since 'name/model' routes to provider 'name'.");
            if (!string.IsNullOrEmpty(settings.BaseUrl) && !IsHttpUrl(settings.BaseUrl))
                failures.Add($"{key}:BaseUrl must be an absolute http or https URL; got '{settings.BaseUrl}'.");
        }

        var defaults = options.Providers.Where(static p => p.Value.Default).Select(static p => p.Key).ToList();
        if (defaults.Count > 1)
            failures.Add($"{ProvidersOptions.Section}: only one provider may set Default, but {string.Join(", ", defaults)} do.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
