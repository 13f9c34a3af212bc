using System.Net;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Server.Tests.Messages;

/// <summary>
/// Cursor pagination (ASSISTANTS_API.md §1.4), pinned on one thread's messages so no other test's objects interfere.
/// The five messages are created within the same second, so only the insertion order can keep them apart.
/// </summary>
public sealed class MessageListTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private async Task<(string Thread, string[] Ids)> FiveMessagesAsync(CancellationToken ct)
    {
        var thread = (await spindle.PostAsync("/v1/threads", "{}", ct)).Id;
        var ids = new string[5];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = (await spindle.PostAsync($"/v1/threads/{thread}/messages", $$"""{"role":"user","content":"m{{i}}"}""", ct)).Id;
        }

        return (thread, ids);
    }

    private async Task<(string Ids, string? First, string? Last, bool HasMore)> PageAsync(string thread, string query, CancellationToken ct)
    {
        var reply = await spindle.GetAsync($"/v1/threads/{thread}/messages{query}", ct);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var list = reply.Json;
        Assert.Equal("list", list.GetProperty("object").GetString());
        var ids = string.Join(' ', list.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        return (ids, list.GetProperty("first_id").GetString(), list.GetProperty("last_id").GetString(), list.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Default_order_is_newest_first_and_same_second_objects_keep_creation_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var (thread, ids) = await FiveMessagesAsync(ct);

        var page = await PageAsync(thread, "", ct);

        Assert.Equal(J([.. Enumerable.Reverse(ids)]), page.Ids);
        Assert.Equal((ids[4], ids[0], false), (page.First, page.Last, page.HasMore));
    }

    [Fact]
    public async Task Order_asc_returns_oldest_first()
    {
        var ct = TestContext.Current.CancellationToken;
        var (thread, ids) = await FiveMessagesAsync(ct);

        var page = await PageAsync(thread, "?order=asc", ct);

        Assert.Equal(J(ids), page.Ids);
        Assert.Equal((ids[0], ids[4], false), (page.First, page.Last, page.HasMore));
    }

    [Fact]
    public async Task After_cursor_pages_forward_until_has_more_is_false()
    {
        var ct = TestContext.Current.CancellationToken;
        var (thread, ids) = await FiveMessagesAsync(ct);

        var first = await PageAsync(thread, "?order=asc&limit=2", ct);
        var second = await PageAsync(thread, $"?order=asc&limit=2&after={first.Last}", ct);
        var third = await PageAsync(thread, $"?order=asc&limit=2&after={second.Last}", ct);

        Assert.Equal((J(ids[0], ids[1]), ids[0], ids[1], true), (first.Ids, first.First, first.Last, first.HasMore));
        Assert.Equal((J(ids[2], ids[3]), true), (second.Ids, second.HasMore));
        Assert.Equal((J(ids[4]), ids[4], ids[4], false), (third.Ids, third.First, third.Last, third.HasMore));
    }

    [Fact]
    public async Task After_cursor_in_descending_order_pages_towards_older_messages()
    {
        var ct = TestContext.Current.CancellationToken;
        var (thread, ids) = await FiveMessagesAsync(ct);

        var page = await PageAsync(thread, $"?limit=2&after={ids[3]}", ct);

        Assert.Equal((J(ids[2], ids[1]), true), (page.Ids, page.HasMore));
    }

    [Fact]
    public async Task Before_cursor_returns_the_nearest_objects_in_the_requested_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var (thread, ids) = await FiveMessagesAsync(ct);

        var ascending = await PageAsync(thread, $"?order=asc&limit=2&before={ids[3]}", ct);
        var descending = await PageAsync(thread, $"?limit=2&before={ids[1]}", ct);
        var all = await PageAsync(thread, $"?order=asc&before={ids[2]}", ct);

        Assert.Equal((J(ids[1], ids[2]), ids[1], ids[2], true), (ascending.Ids, ascending.First, ascending.Last, ascending.HasMore));
        Assert.Equal((J(ids[3], ids[2]), true), (descending.Ids, descending.HasMore));
        Assert.Equal((J(ids[0], ids[1]), false), (all.Ids, all.HasMore));
    }

    [Fact]
    public async Task Limit_caps_the_page_and_sets_has_more()
    {
        var ct = TestContext.Current.CancellationToken;
        var (thread, ids) = await FiveMessagesAsync(ct);

        var page = await PageAsync(thread, "?limit=1", ct);
        var exact = await PageAsync(thread, "?limit=5", ct);

        Assert.Equal((J(ids[4]), true), (page.Ids, page.HasMore));
        Assert.Equal((J([.. Enumerable.Reverse(ids)]), false), (exact.Ids, exact.HasMore));
    }

    [Fact]
    public async Task Default_limit_is_20()
    {
        var ct = TestContext.Current.CancellationToken;
        var messages = string.Join(",", Enumerable.Range(0, 21).Select(i => $$"""{"role":"user","content":"n{{i}}"}"""));
        var thread = (await spindle.PostAsync("/v1/threads", $$"""{"messages":[{{messages}}]}""", ct)).Id;

        var page = await PageAsync(thread, "", ct);
        var rest = await PageAsync(thread, $"?after={page.Last}", ct);

        Assert.Equal((20, true), (page.Ids.Split(' ').Length, page.HasMore));
        Assert.Equal((1, false), (rest.Ids.Split(' ').Length, rest.HasMore));
    }

    [Fact]
    public async Task Empty_list_has_null_first_and_last_ids()
    {
        var ct = TestContext.Current.CancellationToken;
        var thread = (await spindle.PostAsync("/v1/threads", "{}", ct)).Id;

        var reply = await spindle.GetAsync($"/v1/threads/{thread}/messages", ct);
        var runs = await spindle.GetAsync($"/v1/threads/{thread}/runs", ct);

        Assert.Equal("""{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}""", Normalize(reply.Body));
        Assert.Equal("""{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}""", Normalize(runs.Body));
    }

    // Creating, retrieving and listing send a message as it is stored, without reading it into a Message first;
    // modifying writes the Message it made. All four must give the same bytes.
    [Fact]
    public async Task A_message_is_the_same_bytes_created_retrieved_listed_and_modified()
    {
        var ct = TestContext.Current.CancellationToken;
        var thread = (await spindle.PostAsync("/v1/threads", "{}", ct)).Id;
        var created = new[]
        {
            await spindle.PostAsync($"/v1/threads/{thread}/messages", """{"role":"user","content":"Grüße, \"quoted\" <b>&amp;</b> \u00e9 😀","metadata":{"k":"v"}}""", ct),
            await spindle.PostAsync($"/v1/threads/{thread}/messages", """{"role":"assistant","content":[{"type":"text","text":"two\nlines"}]}""", ct),
        };

        var listed = (await spindle.GetAsync($"/v1/threads/{thread}/messages?order=asc", ct)).Json.GetProperty("data");

        Assert.Equal(created.Select(m => m.Body), listed.EnumerateArray().Select(m => m.GetRawText()));
        foreach (var message in created)
        {
            var retrieved = await spindle.GetAsync($"/v1/threads/{thread}/messages/{message.Id}", ct);
            var modified = await spindle.PostAsync($"/v1/threads/{thread}/messages/{message.Id}", $$"""{"metadata":{{message.Json.GetProperty("metadata").GetRawText()}}}""", ct);
            Assert.Equal(message.Body, retrieved.Body);
            Assert.Equal(message.Body, modified.Body);
        }
    }

    private static string J(params string[] ids) => string.Join(' ', ids);

    // Key order is not part of the contract; compare as {object,data,first_id,last_id,has_more}.
    private static string Normalize(string body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        return $$"""{"object":{{root.GetProperty("object").GetRawText()}},"data":{{root.GetProperty("data").GetRawText()}},"first_id":{{root.GetProperty("first_id").GetRawText()}},"last_id":{{root.GetProperty("last_id").GetRawText()}},"has_more":{{root.GetProperty("has_more").GetRawText()}}}""";
    }
}
