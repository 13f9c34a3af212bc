using System.Net;
using System.Text.Json;
using Spindle.Server.Tests.Errors;
using Spindle.Testing;

namespace Spindle.Server.Tests.Files;

/// <summary>
/// <c>GET /v1/files</c>: the <c>purpose</c> filter, <c>order</c>, <c>after</c>, and a <c>limit</c> that goes up to
/// 10,000 and defaults to 10,000 (ASSISTANTS_API.md §1.4). Each test lists its own purpose, so tests sharing the
/// fixture never see each other's files.
/// </summary>
public sealed class FileListTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task List_filters_by_purpose_newest_first()
    {
        var ct = TestContext.Current.CancellationToken;
        var evals = await UploadManyAsync("evals", 3, ct);
        await UploadManyAsync("fine-tune", 2, ct);

        var page = (await spindle.GetAsync("/v1/files?purpose=evals", ct)).Json;

        Assert.Equal("list", page.GetProperty("object").GetString());
        Assert.Equal(Enumerable.Reverse(evals), Ids(page));
        Assert.All(page.GetProperty("data").EnumerateArray(), f => Assert.Equal("evals", f.GetProperty("purpose").GetString()));
        Assert.Equal(evals[^1], page.GetProperty("first_id").GetString());
        Assert.Equal(evals[0], page.GetProperty("last_id").GetString());
        Assert.False(page.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task List_pages_forward_with_limit_and_after_in_ascending_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await UploadManyAsync("vision", 5, ct);

        var first = (await spindle.GetAsync("/v1/files?purpose=vision&order=asc&limit=2", ct)).Json;
        var second = (await spindle.GetAsync($"/v1/files?purpose=vision&order=asc&limit=2&after={first.GetProperty("last_id").GetString()}", ct)).Json;
        var last = (await spindle.GetAsync($"/v1/files?purpose=vision&order=asc&limit=2&after={second.GetProperty("last_id").GetString()}", ct)).Json;

        Assert.Equal(created[..2], Ids(first));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(created[2..4], Ids(second));
        Assert.True(second.GetProperty("has_more").GetBoolean());
        Assert.Equal(created[4..], Ids(last));
        Assert.False(last.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task List_default_limit_is_not_the_usual_20()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await UploadManyAsync("user_data", 25, ct);

        var page = (await spindle.GetAsync("/v1/files?purpose=user_data", ct)).Json;

        Assert.Equal(25, Ids(page).Count);
        Assert.False(page.GetProperty("has_more").GetBoolean());
        Assert.Equal(created[^1], page.GetProperty("first_id").GetString());
    }

    [Theory]
    [InlineData("10000", HttpStatusCode.OK)]
    [InlineData("10001", HttpStatusCode.BadRequest)]
    [InlineData("0", HttpStatusCode.BadRequest)]
    public async Task List_limit_goes_up_to_10000(string limit, HttpStatusCode status)
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await spindle.GetAsync($"/v1/files?limit={limit}", ct);

        if (status == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.OK, reply.Status);
        }
        else
        {
            ErrorEnvelope.Assert(reply, status, "limit", "invalid_value");
        }
    }

    [Fact]
    public async Task List_of_a_purpose_with_no_files_is_an_empty_page_with_null_cursors()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await spindle.GetAsync("/v1/files?purpose=assistants_output", ct);

        Assert.Equal("""{"data":[],"first_id":null,"last_id":null,"has_more":false,"object":"list"}""", reply.Body);
    }

    private async Task<List<string>> UploadManyAsync(string purpose, int count, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var reply = await FileForms.UploadAsync(spindle, [(byte)i], cancellationToken, filename: $"{purpose}-{i}.txt", purpose: purpose);
            Assert.True(HttpStatusCode.OK == reply.Status, reply.Body);
            ids.Add(reply.Id);
        }

        return ids;
    }

    private static List<string> Ids(JsonElement page) =>
        page.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
}
