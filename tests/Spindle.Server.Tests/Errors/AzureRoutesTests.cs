using System.Net;
using System.Text;
using Spindle.Testing;

namespace Spindle.Server.Tests.Errors;

public sealed class AzureRoutesTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Azure_style_paths_with_an_api_key_header_reach_the_same_api()
    {
        var ct = TestContext.Current.CancellationToken;
        using var azure = new HttpClient { BaseAddress = spindle.BaseUrl };
        azure.DefaultRequestHeaders.Add("api-key", SpindleFixture.KeyA);
        azure.DefaultRequestHeaders.Add("OpenAI-Beta", "assistants=v2");

        using var created = await azure.PostAsync("openai/assistants?api-version=2024-02-15-preview",
            new StringContent("""{"model":"gpt-4o","name":"Commander"}""", Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString();

        var viaV1 = await spindle.GetAsync($"/v1/assistants/{id}", ct);
        Assert.Equal("Commander", viaV1.Json.GetProperty("name").GetString());

        using var missing = await azure.GetAsync("openai/nothing-here?api-version=2024-02-15-preview", ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("\"invalid_request_error\"", await missing.Content.ReadAsStringAsync(ct));
    }
}
