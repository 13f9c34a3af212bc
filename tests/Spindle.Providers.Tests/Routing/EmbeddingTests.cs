using Spindle.Core.Upstream;
using Spindle.Providers.Routing;
using Spindle.Testing;

namespace Spindle.Providers.Tests.Routing;

public sealed class EmbeddingTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async ValueTask InitializeAsync() => _upstream = await FakeUpstream.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task Embeddings_come_from_the_provider_with_an_embedding_model_one_vector_per_input_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        IEmbeddingClient embeddings = Registry("text-embedding-3-small");
        Assert.True(embeddings.IsConfigured);

        var vectors = await embeddings.EmbedAsync(["the cat sat", "quantum chromodynamics", "the cat sat"], null, ct);

        Assert.Equal(3, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(64, v.Length));
        Assert.Equal(vectors[0], vectors[2]);
        Assert.NotEqual(vectors[0], vectors[1]);
    }

    [Fact]
    public async Task Without_an_embedding_model_embeddings_are_not_configured_and_fail_clearly()
    {
        IEmbeddingClient embeddings = Registry(null);
        Assert.False(embeddings.IsConfigured);
        var error = await Assert.ThrowsAsync<ModelException>(() => embeddings.EmbedAsync(["x"], null, TestContext.Current.CancellationToken));
        Assert.Contains("EmbeddingModel", error.Message);
    }

    private ProviderRegistry Registry(string? embeddingModel)
    {
        var options = new ProvidersOptions();
        options.Providers["fake"] = new ProviderOptions { BaseUrl = _upstream.BaseUrl.ToString(), ApiKey = "k", EmbeddingModel = embeddingModel };
        return new ProviderRegistry(options);
    }
}
