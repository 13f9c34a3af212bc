using System.Net;
using Spindle.Testing;

namespace Spindle.Playground.Tests;

public sealed class UnbuiltPlaygroundTests(UnbuiltPlaygroundTests.Fixture spindle) : IClassFixture<UnbuiltPlaygroundTests.Fixture>
{
    public sealed class Fixture : SpindleFixture
    {
        protected override void Configure(Dictionary<string, string?> settings)
        {
            base.Configure(settings);
            settings["Spindle:Playground:Directory"] = Path.Combine(Path.GetTempPath(), "spindle-no-playground-" + Guid.NewGuid().ToString("N"));
        }
    }

    [Fact]
    public async Task Without_a_built_playground_the_root_says_how_to_get_one_and_the_api_still_answers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = spindle.CreateClient(key: null, beta: false);
        using var page = await client.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("the playground was not built", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await spindle.GetAsync("/v1/models", ct)).Status);
    }
}
