using System.Net;
using Spindle.Server.Tests.Errors;
using Spindle.Testing;

namespace Spindle.Server.Tests.VectorStores;

/// <summary>Another tenant's vector store, file or batch is a 404, exactly like a missing one (DESIGN.md, Tenancy).</summary>
public sealed class VectorStoreTenancyTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Another_tenants_store_files_and_batches_are_404_and_unlisted()
    {
        var ct = TestContext.Current.CancellationToken;
        var fileId = await VectorStoreWire.UploadAsync(spindle, "mine.txt", "Tenant A's private notes.", ct);
        var store = (await VectorStoreWire.CreateStoreAsync(spindle, "{}", ct)).Id;
        var batch = (await spindle.PostAsync($"/v1/vector_stores/{store}/file_batches", $$"""{"file_ids":["{{fileId}}"]}""", ct)).Json.GetProperty("id").GetString();
        using var other = spindle.CreateClient(SpindleFixture.KeyB);

        string[] paths =
        [
            $"/v1/vector_stores/{store}", $"/v1/vector_stores/{store}/files", $"/v1/vector_stores/{store}/files/{fileId}",
            $"/v1/vector_stores/{store}/files/{fileId}/content", $"/v1/vector_stores/{store}/file_batches/{batch}",
            $"/v1/vector_stores/{store}/file_batches/{batch}/files",
        ];
        foreach (var path in paths)
        {
            ErrorEnvelope.Assert(await SpindleFixture.SendAsync(other, HttpMethod.Get, path, null, ct), HttpStatusCode.NotFound, null);
        }

        ErrorEnvelope.Assert(await SpindleFixture.SendAsync(other, HttpMethod.Post, $"/v1/vector_stores/{store}/search", """{"query":"notes"}""", ct), HttpStatusCode.NotFound, null);
        ErrorEnvelope.Assert(await SpindleFixture.SendAsync(other, HttpMethod.Delete, $"/v1/vector_stores/{store}", null, ct), HttpStatusCode.NotFound, null);
        var foreignStore = (await SpindleFixture.SendAsync(other, HttpMethod.Post, "/v1/vector_stores", "{}", ct)).Id;
        var attach = await SpindleFixture.SendAsync(other, HttpMethod.Post, $"/v1/vector_stores/{foreignStore}/files", $$"""{"file_id":"{{fileId}}"}""", ct);
        ErrorEnvelope.Assert(attach, HttpStatusCode.NotFound, "id");
        var listed = await SpindleFixture.SendAsync(other, HttpMethod.Get, "/v1/vector_stores?limit=100", null, ct);
        Assert.DoesNotContain(store, listed.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await spindle.GetAsync($"/v1/vector_stores/{store}", ct)).Status);
    }
}
