using System.Net;
using Spindle.Server.Tests.Errors;
using Spindle.Testing;

namespace Spindle.Server.Tests.VectorStores;

/// <summary>The vector store object and its lifecycle on the wire (ASSISTANTS_API.md §2.6, §3.2).</summary>
public sealed class VectorStoreCrudTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Empty_store_is_created_completed_with_every_field_of_the_object()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await VectorStoreWire.CreateStoreAsync(spindle, """{"name":"Support FAQ","metadata":{"team":"docs"}}""", ct);

        var store = reply.Json;
        Assert.StartsWith("vs_", store.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            ["created_at", "description", "expires_after", "expires_at", "file_counts", "id", "last_active_at", "metadata", "name", "object", "status", "usage_bytes"],
            VectorStoreWire.Keys(store));
        Assert.Equal("vector_store", store.GetProperty("object").GetString());
        Assert.Equal("completed", store.GetProperty("status").GetString());
        Assert.Equal("Support FAQ", store.GetProperty("name").GetString());
        Assert.Equal(0, store.GetProperty("usage_bytes").GetInt64());
        Assert.Equal("""{"in_progress":0,"completed":0,"failed":0,"cancelled":0,"total":0}""", store.GetProperty("file_counts").GetRawText());
        Assert.Equal(store.GetProperty("created_at").GetInt64(), store.GetProperty("last_active_at").GetInt64());
        Assert.Equal("docs", store.GetProperty("metadata").GetProperty("team").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, store.GetProperty("expires_at").ValueKind);
    }

    [Fact]
    public async Task Vector_store_routes_do_not_require_the_beta_header()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = spindle.CreateClient(SpindleFixture.KeyA, beta: false);

        var created = await SpindleFixture.SendAsync(client, HttpMethod.Post, "/v1/vector_stores", "{}", ct);
        var listed = await SpindleFixture.SendAsync(client, HttpMethod.Get, "/v1/vector_stores", null, ct);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Contains("openai-poll-after-ms", created.Headers.Keys);
    }

    [Fact]
    public async Task Expires_after_sets_expires_at_from_last_active_at_and_modify_can_remove_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = (await VectorStoreWire.CreateStoreAsync(spindle, """{"expires_after":{"anchor":"last_active_at","days":7}}""", ct)).Json;
        var id = created.GetProperty("id").GetString();

        var renamed = (await spindle.PostAsync($"/v1/vector_stores/{id}", """{"name":"renamed","metadata":{"k":"v"}}""", ct)).Json;
        var cleared = (await spindle.PostAsync($"/v1/vector_stores/{id}", """{"expires_after":null}""", ct)).Json;

        Assert.Equal(created.GetProperty("last_active_at").GetInt64() + 7 * 86_400, created.GetProperty("expires_at").GetInt64());
        Assert.Equal("""{"anchor":"last_active_at","days":7}""", created.GetProperty("expires_after").GetRawText());
        Assert.Equal(("renamed", "v"), (renamed.GetProperty("name").GetString(), renamed.GetProperty("metadata").GetProperty("k").GetString()));
        Assert.Equal(created.GetProperty("expires_at").GetInt64(), renamed.GetProperty("expires_at").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("expires_after").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("expires_at").ValueKind);
        Assert.Equal("renamed", cleared.GetProperty("name").GetString());
    }

    [Fact]
    public async Task List_pages_with_cursor_ids_and_delete_answers_vector_store_deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = spindle.CreateClient(SpindleFixture.KeyA);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await VectorStoreWire.CreateStoreAsync(spindle, $$"""{"name":"page-{{i}}"}""", ct)).Id);
        }

        var first = (await spindle.GetAsync("/v1/vector_stores?limit=2", ct)).Json;
        var second = (await spindle.GetAsync($"/v1/vector_stores?limit=2&after={first.GetProperty("last_id").GetString()}", ct)).Json;
        var deleted = await spindle.DeleteAsync($"/v1/vector_stores/{ids[0]}", ct);
        var missing = await spindle.GetAsync($"/v1/vector_stores/{ids[0]}", ct);

        Assert.Equal("list", first.GetProperty("object").GetString());
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal([ids[2], ids[1]], first.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(ids[0], second.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal($$"""{"id":"{{ids[0]}}","object":"vector_store.deleted","deleted":true}""", deleted.Body);
        var error = ErrorEnvelope.Assert(missing, HttpStatusCode.NotFound, null);
        Assert.Equal($"No vector store found with id '{ids[0]}'.", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"expires_after":{"anchor":"created_at","days":1}}""", "expires_after.anchor", "invalid_value")]
    [InlineData("""{"expires_after":{"anchor":"last_active_at","days":366}}""", "expires_after.days", "invalid_value")]
    [InlineData("""{"chunking_strategy":{"type":"static","static":{"max_chunk_size_tokens":99,"chunk_overlap_tokens":0}}}""", "chunking_strategy.static.max_chunk_size_tokens", "invalid_value")]
    [InlineData("""{"chunking_strategy":{"type":"static","static":{"max_chunk_size_tokens":800,"chunk_overlap_tokens":401}}}""", "chunking_strategy.static.chunk_overlap_tokens", "invalid_value")]
    [InlineData("""{"chunking_strategy":{"type":"semantic"}}""", "chunking_strategy.type", "invalid_value")]
    [InlineData("""{"file_ids":["file-doesnotexist"]}""", "id", null)]
    [InlineData("""{"colour":"blue"}""", "colour", "unknown_parameter")]
    public async Task Bad_create_is_an_openai_error_naming_the_field(string body, string param, string? code)
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await spindle.PostAsync("/v1/vector_stores", body, ct);

        ErrorEnvelope.Assert(reply, code is null ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest, param, code);
    }
}
