using Spindle.Core.Retrieval;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;

namespace Spindle.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IChunkStore"/> must have, run against SQLite and PostgreSQL (STYLE.md §13). Each test
/// uses fresh tenants and store ids in the fixture's shared, migrated database.
/// </summary>
public abstract class ChunkStoreContract(IChunkStore chunks)
{
    private readonly string _store = "vs_" + Guid.NewGuid().ToString("N");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chunks_read_back_in_file_and_index_order_with_exact_embeddings()
    {
        var tenant = NewTenant();
        float[] vector = [0.5f, -1.25f, float.Epsilon, 3.4028235e38f, -0f];
        await chunks.ReplaceFileAsync(tenant, _store, "file-b", [Chunk("file-b", 1, "b one", vector), Chunk("file-b", 0, "b zero", null)], Ct);
        await chunks.ReplaceFileAsync(tenant, _store, "file-a", [Chunk("file-a", 0, "a zero é 😀", [1f])], Ct);

        var loaded = await chunks.LoadAsync(tenant, _store, Ct);

        Assert.Equal([("file-a", 0), ("file-b", 0), ("file-b", 1)], loaded.Select(c => (c.FileId, c.Index)));
        Assert.Equal("a zero é 😀", loaded[0].Text);
        Assert.Equal("file-a.txt", loaded[0].FileName);
        Assert.Null(loaded[1].Embedding);
        Assert.Equal(vector, loaded[2].Embedding);
    }

    [Fact]
    public async Task Replacing_a_file_drops_its_old_chunks_and_keeps_other_files()
    {
        var tenant = NewTenant();
        await chunks.ReplaceFileAsync(tenant, _store, "file-a", [Chunk("file-a", 0, "old 0", null), Chunk("file-a", 1, "old 1", null)], Ct);
        await chunks.ReplaceFileAsync(tenant, _store, "file-b", [Chunk("file-b", 0, "other", null)], Ct);

        await chunks.ReplaceFileAsync(tenant, _store, "file-a", [Chunk("file-a", 0, "new 0", null)], Ct);

        Assert.Equal(["new 0", "other"], (await chunks.LoadAsync(tenant, _store, Ct)).Select(c => c.Text));
    }

    [Fact]
    public async Task Deleting_a_file_or_a_store_removes_only_those_chunks()
    {
        var tenant = NewTenant();
        var otherStore = _store + "_2";
        await chunks.ReplaceFileAsync(tenant, _store, "file-a", [Chunk("file-a", 0, "a", null), Chunk("file-a", 1, "a1", null)], Ct);
        await chunks.ReplaceFileAsync(tenant, _store, "file-b", [Chunk("file-b", 0, "b", null)], Ct);
        await chunks.ReplaceFileAsync(tenant, otherStore, "file-a", [Chunk("file-a", 0, "elsewhere", null)], Ct);

        Assert.Equal(2, await chunks.DeleteFileAsync(tenant, _store, "file-a", Ct));
        Assert.Equal(["b"], (await chunks.LoadAsync(tenant, _store, Ct)).Select(c => c.Text));
        Assert.Equal(1, await chunks.DeleteStoreAsync(tenant, _store, Ct));
        Assert.Empty(await chunks.LoadAsync(tenant, _store, Ct));
        Assert.Equal(["elsewhere"], (await chunks.LoadAsync(tenant, otherStore, Ct)).Select(c => c.Text));
        Assert.Equal(0, await chunks.DeleteFileAsync(tenant, _store, "file-missing", Ct));
    }

    [Fact]
    public async Task Another_tenants_chunks_are_invisible_and_untouchable()
    {
        var (owner, other) = (NewTenant(), NewTenant());
        await chunks.ReplaceFileAsync(owner, _store, "file-a", [Chunk("file-a", 0, "private", null)], Ct);

        Assert.Empty(await chunks.LoadAsync(other, _store, Ct));
        Assert.Equal(0, await chunks.DeleteFileAsync(other, _store, "file-a", Ct));
        Assert.Equal(0, await chunks.DeleteStoreAsync(other, _store, Ct));
        Assert.Single(await chunks.LoadAsync(owner, _store, Ct));
    }

    [Fact]
    public async Task A_chunk_of_another_file_is_rejected_and_nothing_is_written()
    {
        var tenant = NewTenant();

        await Assert.ThrowsAsync<ArgumentException>(() => chunks.ReplaceFileAsync(tenant, _store, "file-a", [Chunk("file-b", 0, "x", null)], Ct));

        Assert.Empty(await chunks.LoadAsync(tenant, _store, Ct));
    }

    private static TenantId NewTenant() => new("t_" + Guid.NewGuid().ToString("N"));

    private static IndexedChunk Chunk(string fileId, int index, string text, float[]? embedding) => new(fileId, fileId + ".txt", index, text, embedding);
}
