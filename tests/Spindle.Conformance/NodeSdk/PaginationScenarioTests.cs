using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

public sealed class PaginationScenarioTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Node_sdk_auto_pagination_walks_assistants_by_cursor_in_both_orders()
    {
        var ct = TestContext.Current.CancellationToken;

        var result = await NodeScenario.RunAsync(spindle, "pagination", new Dictionary<string, string>(), ct);

        var ids = result.GetProperty("ids").EnumerateArray().Select(static e => e.GetString()!).ToList();
        Assert.Equal(5, ids.Count);
        Assert.True(result.GetProperty("pages_walked").GetInt32() >= 3);
        var manual = result.GetProperty("manual_page");
        Assert.Equal(ids[1..3], manual.GetProperty("data").EnumerateArray().Select(static e => e.GetString()!));
        Assert.True(manual.GetProperty("has_more").GetBoolean());
        Assert.Empty(spindle.Upstream.Requests);

        // The scenario deleted everything it created.
        foreach (var id in ids)
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await spindle.GetAsync($"/v1/assistants/{id}", ct)).Status);
    }
}
