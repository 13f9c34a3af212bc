using System.Net;
using Spindle.Testing;

namespace Spindle.Server.Tests.Assistants;

public sealed class AssistantListTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Assistant_list_defaults_to_20_newest_first_and_pages_with_after()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            created.Add((await spindle.PostAsync("/v1/assistants", $$"""{"model":"gpt-4o","name":"a{{i}}"}""", ct)).Id);
        }

        var page = await spindle.GetAsync("/v1/assistants", ct);
        var next = await spindle.GetAsync($"/v1/assistants?after={page.Json.GetProperty("last_id").GetString()}", ct);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var ids = page.Json.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal(Enumerable.Reverse(created).Take(20), ids);
        Assert.True(page.Json.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[0], page.Json.GetProperty("first_id").GetString());
        Assert.Equal(ids[^1], page.Json.GetProperty("last_id").GetString());
        var rest = next.Json.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal(Enumerable.Reverse(created).Skip(20), rest.Take(3));
    }

    // A list copies each stored assistant into its page as it is, without reading it into an Assistant first.
    [Fact]
    public async Task A_listed_assistant_is_the_retrieved_assistant_byte_for_byte()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await spindle.PostAsync("/v1/assistants", """
            {"model":"gpt-4o","name":"Tutor «ü»","instructions":"Say \"hi\" & <stop>","temperature":0.7,"top_p":0.25,
             "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{}}}}],"metadata":{"k":"v"}}
            """, ct);

        var page = await spindle.GetAsync($"/v1/assistants?limit=1&after={(await spindle.PostAsync("/v1/assistants", """{"model":"gpt-4o"}""", ct)).Id}", ct);

        var listed = Assert.Single(page.Json.GetProperty("data").EnumerateArray());
        Assert.Equal(created.Id, listed.GetProperty("id").GetString());
        Assert.Equal((await spindle.GetAsync($"/v1/assistants/{created.Id}", ct)).Body, listed.GetRawText());
    }

    [Fact]
    public async Task Assistant_list_in_ascending_order_with_before_returns_the_ones_just_before_the_cursor()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            created.Add((await spindle.PostAsync("/v1/assistants", $$"""{"model":"gpt-4o","name":"b{{i}}"}""", ct)).Id);
        }

        var page = (await spindle.GetAsync($"/v1/assistants?order=asc&limit=2&before={created[3]}", ct)).Json;

        var ids = page.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal([created[1], created[2]], ids);
        Assert.True(page.GetProperty("has_more").GetBoolean());
    }
}
