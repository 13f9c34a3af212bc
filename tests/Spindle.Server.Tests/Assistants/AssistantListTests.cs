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
