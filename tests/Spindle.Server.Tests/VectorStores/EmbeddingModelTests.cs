using System.Net;
using Spindle.Core.Retrieval;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Testing;

namespace Spindle.Server.Tests.VectorStores;

/// <summary>A Spindle whose provider has no embedding model, so file search embeds with the local model.</summary>
public sealed class LocalEmbeddingFixture : SpindleFixture
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings.Remove("Spindle:Providers:fake:EmbeddingModel");
    }
}

/// <summary>
/// Which model embeds a vector store's chunks: the provider's when one is configured, the local arctic-embed-xs
/// otherwise; and what a search does with chunks another model embedded (they are embedded again, once).
/// </summary>
public sealed class LocalEmbeddingModelTests(LocalEmbeddingFixture spindle) : IClassFixture<LocalEmbeddingFixture>
{
    [Fact]
    public async Task Without_a_provider_embedding_model_files_are_embedded_locally_and_paraphrases_find_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, files) = await EmbeddingModelTests.SeedAsync(spindle, ct,
            ("returns.txt", "Items may be sent back within thirty days of delivery; the purchase price is credited to the original card."),
            ("couriers.txt", "Parcels leave the warehouse within two business days and are carried by DPD or GLS."));

        var reply = await spindle.PostAsync($"/v1/vector_stores/{store}/search", """{"query":"can I get my money back if I don't like what I bought?"}""", ct);

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        Assert.Equal(files[0], reply.Json.GetProperty("data")[0].GetProperty("file_id").GetString());
        var chunks = await EmbeddingModelTests.ChunksAsync(spindle, store, ct);
        Assert.All(chunks, c => Assert.Equal(("snowflake-arctic-embed-xs", 384), (c.EmbeddingModel, c.Embedding?.Length)));

        // Readiness names the model file search embeds with.
        var ready = await spindle.GetAsync("/readyz", ct);
        Assert.Equal("snowflake-arctic-embed-xs", ready.Json.GetProperty("embeddings").GetProperty("model").GetString());
        Assert.True(ready.Json.GetProperty("embeddings").GetProperty("configured").GetBoolean());
    }
}

public sealed class EmbeddingModelTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task A_configured_provider_embedding_model_wins_and_is_recorded_on_each_chunk()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, _) = await SeedAsync(spindle, ct, ("a.txt", "Lanterns light the harbour at night."));

        var chunks = await ChunksAsync(spindle, store, ct);

        Assert.All(chunks, c => Assert.Equal(("fake/fake-embedding", 64), (c.EmbeddingModel, c.Embedding?.Length)));
    }

    [Fact]
    public async Task Chunks_embedded_by_another_model_are_embedded_again_by_the_next_search()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, files) = await SeedAsync(spindle, ct, ("harbour.txt", "Lanterns light the harbour at night."), ("bank.txt", "Interest rates rose again."));
        var stored = spindle.Services.GetRequiredService<IChunkStore>();
        var tenant = new TenantId("tenant-a");
        // As if the store had been embedded before the model was changed: other vectors, of another dimension.
        var old = (await ChunksAsync(spindle, store, ct)).Where(c => c.FileId == files[0]).Select(c => c with { Embedding = [1f, 0f, 0f], EmbeddingModel = "retired-model" }).ToList();
        await stored.ReplaceFileAsync(tenant, store, files[0], old, ct);

        var reply = await spindle.PostAsync($"/v1/vector_stores/{store}/search", """{"query":"harbour lanterns"}""", ct);

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        Assert.Equal(files[0], reply.Json.GetProperty("data")[0].GetProperty("file_id").GetString());
        Assert.All(await ChunksAsync(spindle, store, ct), c => Assert.Equal(("fake/fake-embedding", 64), (c.EmbeddingModel, c.Embedding?.Length)));
    }

    internal static async Task<(string Store, string[] Files)> SeedAsync(SpindleFixture spindle, CancellationToken ct, params (string Name, string Text)[] documents)
    {
        var files = new List<string>();
        foreach (var (name, text) in documents)
            files.Add(await VectorStoreWire.UploadAsync(spindle, name, text, ct));
        var store = (await VectorStoreWire.CreateStoreAsync(spindle, $$"""{"file_ids":[{{string.Join(",", files.Select(f => $"\"{f}\""))}}]}""", ct)).Id;
        var done = (await VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{store}", ct)).Json;
        Assert.Equal(files.Count, done.GetProperty("file_counts").GetProperty("completed").GetInt32());
        return (store, [.. files]);
    }

    internal static Task<IReadOnlyList<IndexedChunk>> ChunksAsync(SpindleFixture spindle, string store, CancellationToken ct) =>
        spindle.Services.GetRequiredService<IChunkStore>().LoadAsync(new TenantId("tenant-a"), store, ct);
}
