using Spindle.Core.Upstream;
using Spindle.Providers.Routing;
using Spindle.Testing;

namespace Spindle.Providers.Tests.Routing;

public sealed class ProviderRegistryTests : IAsyncLifetime
{
    private FakeUpstream _alpha = null!;
    private FakeUpstream _beta = null!;

    public async ValueTask InitializeAsync()
    {
        _alpha = await FakeUpstream.StartAsync(TestContext.Current.CancellationToken);
        _beta = await FakeUpstream.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _alpha.DisposeAsync();
        await _beta.DisposeAsync();
    }

    [Fact]
    public async Task A_provider_prefix_routes_to_that_provider_with_the_prefix_stripped()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = Registry(alphaIsDefault: true);

        await registry.StreamAsync(Requests.SayHi("beta/gpt-x"), ct).ToListAsync(ct);

        Assert.Empty(_alpha.Requests);
        Assert.Equal("gpt-x", Assert.Single(_beta.Requests).Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task The_prefix_is_matched_without_regard_to_case()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = Registry(alphaIsDefault: true);

        await registry.StreamAsync(Requests.SayHi("BETA/gpt-x"), ct).ToListAsync(ct);

        Assert.Equal("gpt-x", Assert.Single(_beta.Requests).Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_model_in_a_providers_models_list_goes_to_that_provider_unchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = Registry(alphaIsDefault: true, betaModels: ["special-model"]);

        await registry.StreamAsync(Requests.SayHi("special-model"), ct).ToListAsync(ct);

        Assert.Empty(_alpha.Requests);
        Assert.Equal("special-model", Assert.Single(_beta.Requests).Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Any_other_model_goes_to_the_default_provider()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = Registry(alphaIsDefault: true, betaModels: ["special-model"]);

        await registry.StreamAsync(Requests.SayHi("gpt-4o"), ct).ToListAsync(ct);

        Assert.Equal("gpt-4o", Assert.Single(_alpha.Requests).Json.GetProperty("model").GetString());
        Assert.Empty(_beta.Requests);
    }

    [Fact]
    public async Task A_slash_that_names_no_provider_is_part_of_the_model_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = Registry(alphaIsDefault: true);

        await registry.StreamAsync(Requests.SayHi("meta-llama/Llama-3-8B"), ct).ToListAsync(ct);

        Assert.Equal("meta-llama/Llama-3-8B", Assert.Single(_alpha.Requests).Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task The_only_provider_is_the_default_without_being_marked()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new ProvidersOptions();
        options.Providers["solo"] = new ProviderOptions { BaseUrl = _alpha.BaseUrl.ToString() };
        var registry = new ProviderRegistry(options);

        await registry.StreamAsync(Requests.SayHi("anything"), ct).ToListAsync(ct);

        Assert.True(registry.IsConfigured);
        Assert.Equal("anything", Assert.Single(_alpha.Requests).Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task An_unroutable_model_among_several_providers_without_a_default_fails_clearly()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = Registry(alphaIsDefault: false);

        var error = await Assert.ThrowsAsync<ModelException>(() => registry.StreamAsync(Requests.SayHi("mystery"), ct).ToListAsync(ct).AsTask());

        Assert.Equal("server_error", error.Code);
        Assert.Contains("'mystery'", error.Message, StringComparison.Ordinal);
        Assert.Empty(_alpha.Requests);
        Assert.Empty(_beta.Requests);
    }

    [Fact]
    public async Task A_callers_own_key_goes_to_the_routed_provider()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = Registry(alphaIsDefault: true);

        await registry.StreamAsync(Requests.SayHi("beta/m") with { ApiKey = "sk-tenant" }, ct).ToListAsync(ct);

        Assert.Equal("Bearer sk-tenant", Assert.Single(_beta.Requests).Authorization);
    }

    [Fact]
    public async Task With_no_provider_the_registry_constructs_and_streaming_says_what_to_set()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = new ProviderRegistry(new ProvidersOptions());

        var error = await Assert.ThrowsAsync<ModelException>(() => registry.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct).AsTask());

        Assert.False(registry.IsConfigured);
        Assert.Equal("server_error", error.Code);
        Assert.Equal("No upstream model provider is configured. Set OPENAI_BASE_URL and OPENAI_API_KEY, or Spindle:Providers.", error.Message);
    }

    [Fact]
    public async Task With_no_provider_the_model_list_is_empty()
    {
        var ct = TestContext.Current.CancellationToken;

        var models = await new ProviderRegistry(new ProvidersOptions()).ListModelsAsync(apiKey: null, ct);

        Assert.Empty(models);
    }

    [Fact]
    public async Task The_model_list_joins_every_provider_without_duplicates()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gone = await FakeUpstream.StartAsync(ct);
        var options = new ProvidersOptions();
        options.Providers["alpha"] = new ProviderOptions { BaseUrl = _alpha.BaseUrl.ToString(), Default = true };
        options.Providers["beta"] = new ProviderOptions { BaseUrl = _beta.BaseUrl.ToString() };
        options.Providers["offline"] = new ProviderOptions { BaseUrl = gone.BaseUrl.ToString(), Models = ["local-only"] };
        await gone.DisposeAsync();
        var registry = new ProviderRegistry(options);

        var models = await registry.ListModelsAsync(apiKey: null, ct);

        Assert.Equal(["fake-model", "gpt-4o", "local-only"], models.Select(m => m.Id));
    }

    private ProviderRegistry Registry(bool alphaIsDefault, List<string>? betaModels = null)
    {
        var options = new ProvidersOptions();
        options.Providers["alpha"] = new ProviderOptions { BaseUrl = _alpha.BaseUrl.ToString(), ApiKey = "sk-alpha", Default = alphaIsDefault };
        options.Providers["beta"] = new ProviderOptions { BaseUrl = _beta.BaseUrl.ToString(), ApiKey = "sk-beta", Models = betaModels ?? [] };
        return new ProviderRegistry(options);
    }
}
