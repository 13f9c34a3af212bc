using Spindle.Testing;

namespace Spindle.Server.Tests.VectorStores;

/// <summary>A Spindle whose fake provider also embeds (FakeUpstream's hashed bag of words), so search is hybrid.</summary>
public sealed class EmbeddingFixture : SpindleFixture
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Spindle:Providers:fake:EmbeddingModel"] = "text-embedding-3-small";
    }
}
