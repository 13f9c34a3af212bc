using System.Net;
using System.Text.Json;
using Spindle.Server.Tests.Errors;
using Spindle.Testing;

namespace Spindle.Server.Tests.VectorStores;

/// <summary>
/// <c>POST /vector_stores/{id}/search</c> answers <c>vector_store.search_results.page</c> with ranked chunks
/// (ASSISTANTS_API.md §3.2 Search). The fixture embeds, so ranking is hybrid.
/// </summary>
public sealed class VectorStoreSearchTests(EmbeddingFixture spindle) : IClassFixture<EmbeddingFixture>
{
    [Fact]
    public async Task Search_returns_ranked_chunks_with_scores_content_and_attributes()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await SeedAsync(ct);

        var reply = await spindle.PostAsync($"/v1/vector_stores/{store.Id}/search", """{"query":"how do I return an item for a refund?","max_num_results":2}""", ct);

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        var page = reply.Json;
        Assert.Equal(["data", "has_more", "next_page", "object", "search_query"], VectorStoreWire.Keys(page));
        Assert.Equal("vector_store.search_results.page", page.GetProperty("object").GetString());
        Assert.Equal("""["how do I return an item for a refund?"]""", page.GetProperty("search_query").GetRawText());
        Assert.False(page.GetProperty("has_more").GetBoolean());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_page").ValueKind);
        var hits = page.GetProperty("data").EnumerateArray().ToList();
        Assert.InRange(hits.Count, 1, 2);
        var top = hits[0];
        Assert.Equal(["attributes", "content", "file_id", "filename", "score"], VectorStoreWire.Keys(top));
        Assert.Equal((store.Refunds, "refunds.txt"), (top.GetProperty("file_id").GetString(), top.GetProperty("filename").GetString()));
        Assert.Equal("""{"topic":"refunds"}""", top.GetProperty("attributes").GetRawText());
        Assert.Equal("text", top.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Contains("refund", top.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        var scores = hits.Select(h => h.GetProperty("score").GetDouble()).ToList();
        Assert.All(scores, s => Assert.InRange(s, 0, 1));
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Fact]
    public async Task Filters_apply_to_file_attributes_and_a_query_array_is_echoed()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await SeedAsync(ct);

        var reply = await spindle.PostAsync($"/v1/vector_stores/{store.Id}/search",
            """{"query":["refund","parcels"],"filters":{"type":"eq","key":"topic","value":"shipping"}}""", ct);

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        Assert.Equal("""["refund","parcels"]""", reply.Json.GetProperty("search_query").GetRawText());
        var hits = reply.Json.GetProperty("data").EnumerateArray().ToList();
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal(store.Shipping, h.GetProperty("file_id").GetString()));
    }

    [Fact]
    public async Task Rewrite_query_asks_the_model_for_a_search_query_and_echoes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await SeedAsync(ct);
        spindle.Upstream.Enqueue(Script.Reply("\"refund policy return item\"\n"));

        var reply = await spindle.PostAsync($"/v1/vector_stores/{store.Id}/search",
            """{"query":"hey, I bought a lamp last week and hate it, what can I do?","rewrite_query":true}""", ct);

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        Assert.Equal("""["refund policy return item"]""", reply.Json.GetProperty("search_query").GetRawText());
        Assert.Equal(store.Refunds, reply.Json.GetProperty("data")[0].GetProperty("file_id").GetString());
        var asked = spindle.Upstream.Requests[^1].Json;
        Assert.Equal("gpt-4o-mini", asked.GetProperty("model").GetString());
        var messages = asked.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(("system", "user"), (messages[0].GetProperty("role").GetString(), messages[1].GetProperty("role").GetString()));
        Assert.Equal("hey, I bought a lamp last week and hate it, what can I do?", messages[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Rewrite_query_searches_the_query_as_given_when_the_model_fails()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await SeedAsync(ct);
        spindle.Upstream.Enqueue(Script.Error(500, "upstream down"));

        var reply = await spindle.PostAsync($"/v1/vector_stores/{store.Id}/search", """{"query":"refund","rewrite_query":true}""", ct);

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        Assert.Equal("""["refund"]""", reply.Json.GetProperty("search_query").GetRawText());
        Assert.Equal(store.Refunds, reply.Json.GetProperty("data")[0].GetProperty("file_id").GetString());
    }

    [Theory]
    [InlineData("""{"max_num_results":3}""", "query", "missing_required_parameter")]
    [InlineData("""{"query":"x","max_num_results":51}""", "max_num_results", "invalid_value")]
    [InlineData("""{"query":"x","ranking_options":{"ranker":"default_2024_08_21"}}""", "ranking_options.ranker", "invalid_value")]
    [InlineData("""{"query":"x","ranking_options":{"score_threshold":1.5}}""", "ranking_options.score_threshold", "invalid_value")]
    [InlineData("""{"query":"x","filters":{"type":"like","key":"a","value":"b"}}""", "filters.type", "invalid_value")]
    public async Task Bad_search_is_400_naming_the_field(string body, string param, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = (await VectorStoreWire.CreateStoreAsync(spindle, "{}", ct)).Id;

        ErrorEnvelope.Assert(await spindle.PostAsync($"/v1/vector_stores/{store}/search", body, ct), HttpStatusCode.BadRequest, param, code);
    }

    [Fact]
    public async Task Searching_an_empty_store_returns_an_empty_page()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = (await VectorStoreWire.CreateStoreAsync(spindle, "{}", ct)).Id;

        var reply = await spindle.PostAsync($"/v1/vector_stores/{store}/search", """{"query":"anything"}""", ct);

        Assert.Equal("[]", reply.Json.GetProperty("data").GetRawText());
    }

    private async Task<(string Id, string Refunds, string Shipping)> SeedAsync(CancellationToken ct)
    {
        var refunds = await VectorStoreWire.UploadAsync(spindle, "refunds.txt", "Our refund policy: return any item within thirty days for a full refund.", ct);
        var shipping = await VectorStoreWire.UploadAsync(spindle, "shipping.txt", "Parcels ship within two business days by courier.", ct);
        var store = (await VectorStoreWire.CreateStoreAsync(spindle, "{}", ct)).Id;
        var batch = (await spindle.PostAsync($"/v1/vector_stores/{store}/file_batches",
            $$$"""{"files":[{"file_id":"{{{refunds}}}","attributes":{"topic":"refunds"}},{"file_id":"{{{shipping}}}","attributes":{"topic":"shipping"}}]}""", ct)).Json;
        var done = (await VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{store}/file_batches/{batch.GetProperty("id").GetString()}", ct)).Json;
        Assert.Equal(2, done.GetProperty("file_counts").GetProperty("completed").GetInt32());
        return (store, refunds, shipping);
    }
}
