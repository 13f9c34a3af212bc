using Microsoft.Extensions.Options;
using Spindle.Core.Upstream;
using Spindle.Providers.Routing;
using Spindle.Testing;

namespace Spindle.Providers.Tests.Routing;

public sealed class AddSpindleProvidersTests
{
    [Fact]
    public async Task OPENAI_BASE_URL_and_OPENAI_API_KEY_make_a_default_provider_named_openai()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await FakeUpstream.StartAsync(ct);
        using var services = Services(new() { ["OPENAI_BASE_URL"] = upstream.BaseUrl.ToString(), ["OPENAI_API_KEY"] = "sk-env" });

        var client = services.GetRequiredService<IModelClient>();
        await client.StreamAsync(Requests.SayHi("any-model"), ct).ToListAsync(ct);

        var registry = Assert.IsType<ProviderRegistry>(client);
        Assert.Equal("openai", Assert.Single(registry.Providers).Name);
        Assert.Equal("Bearer sk-env", Assert.Single(upstream.Requests).Authorization);
    }

    [Fact]
    public void OPENAI_API_KEY_alone_points_at_the_openai_api()
    {
        using var services = Services(new() { ["OPENAI_API_KEY"] = "sk-env" });

        var provider = Assert.Single(services.GetRequiredService<ProviderRegistry>().Providers);

        Assert.Equal(new Uri("https://api.openai.com/v1"), provider.BaseUrl);
    }

    [Fact]
    public void Configured_providers_win_over_the_environment()
    {
        using var services = Services(new()
        {
            ["OPENAI_API_KEY"] = "sk-env",
            ["Spindle:Providers:local:BaseUrl"] = "http://127.0.0.1:11434/v1",
            ["Spindle:Providers:local:Models:0"] = "llama3",
        });

        var provider = Assert.Single(services.GetRequiredService<ProviderRegistry>().Providers);

        Assert.Equal(("local", new Uri("http://127.0.0.1:11434/v1")), (provider.Name, provider.BaseUrl));
        Assert.Equal(["llama3"], provider.Models);
    }

    [Fact]
    public void Nothing_configured_still_resolves_an_unconfigured_model_client()
    {
        using var services = Services([]);

        Assert.False(Assert.IsType<ProviderRegistry>(services.GetRequiredService<IModelClient>()).IsConfigured);
    }

    [Fact]
    public void Two_default_providers_fail_validation_naming_the_section()
    {
        using var services = Services(new()
        {
            ["Spindle:Providers:a:BaseUrl"] = "http://127.0.0.1:1/v1",
            ["Spindle:Providers:a:Default"] = "true",
            ["Spindle:Providers:b:BaseUrl"] = "http://127.0.0.1:2/v1",
            ["Spindle:Providers:b:Default"] = "true",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ProvidersOptions>>().Value);

        Assert.Contains("Spindle:Providers: only one provider may set Default", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_url_that_is_not_http_fails_validation_naming_its_key()
    {
        using var services = Services(new() { ["Spindle:Providers:bad:BaseUrl"] = "not a url" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ProvidersOptions>>().Value);

        Assert.Contains("Spindle:Providers:bad:BaseUrl", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSpindleProviders(configuration).BuildServiceProvider();
    }
}
