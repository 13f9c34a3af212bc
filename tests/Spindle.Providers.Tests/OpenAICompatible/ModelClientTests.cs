using Spindle.Providers.OpenAICompatible;
using Spindle.Testing;

namespace Spindle.Providers.Tests.OpenAICompatible;

/// <summary>A real <see cref="FakeUpstream"/> per test and the client under test pointed at it.</summary>
public abstract class ModelClientTests : IAsyncLifetime
{
    private protected FakeUpstream Upstream { get; private set; } = null!;

    private protected OpenAICompatibleModelClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync(TestContext.Current.CancellationToken);
        Client = new OpenAICompatibleModelClient("fake", Upstream.BaseUrl, "sk-configured", []);
    }

    public async ValueTask DisposeAsync()
    {
        await Upstream.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
