using System.Net;
using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

public sealed class CrudScenarioTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Node_sdk_crud_of_assistants_threads_and_messages_returns_openai_shaped_errors()
    {
        var ct = TestContext.Current.CancellationToken;

        var result = await NodeScenario.RunAsync(spindle, "crud", new Dictionary<string, string>(), ct);

        var notFound = result.GetProperty("not_found_error");
        Assert.Equal("invalid_request_error", notFound.GetProperty("type").GetString());
        Assert.Contains(result.GetProperty("thread_id").GetString()!, notFound.GetProperty("message").GetString(), StringComparison.Ordinal);
        var badRequest = result.GetProperty("bad_request_error");
        Assert.Equal("invalid_request_error", badRequest.GetProperty("type").GetString());
        Assert.Equal("temperature", badRequest.GetProperty("param").GetString());
        Assert.Empty(spindle.Upstream.Requests);

        Assert.Equal(HttpStatusCode.NotFound, (await spindle.GetAsync($"/v1/threads/{result.GetProperty("thread_id").GetString()}", ct)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await spindle.GetAsync($"/v1/assistants/{result.GetProperty("assistant_id").GetString()}", ct)).Status);
    }
}
