using System.Net;
using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

public sealed class VectorStoresScenarioTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Node_sdk_upload_and_poll_create_and_poll_list_and_search_work_against_spindle()
    {
        var ct = TestContext.Current.CancellationToken;

        var result = await NodeScenario.RunAsync(spindle, "vector_stores", new Dictionary<string, string>(), ct);

        Assert.Equal(3, result.GetProperty("file_ids").GetArrayLength());
        Assert.Equal(3, result.GetProperty("file_counts").GetProperty("completed").GetInt32());
        Assert.Equal("tides.md", result.GetProperty("top_hit_filename").GetString());
        Assert.Empty(spindle.Upstream.Requests);
        Assert.Equal(HttpStatusCode.NotFound, (await spindle.GetAsync($"/v1/vector_stores/{result.GetProperty("vector_store_id").GetString()}", ct)).Status);
    }
}
