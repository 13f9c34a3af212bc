using System.Net;
using Spindle.Testing;

namespace Spindle.Playground.Tests;

public sealed class DisabledPlaygroundTests(DisabledPlaygroundTests.Fixture spindle) : IClassFixture<DisabledPlaygroundTests.Fixture>
{
    public sealed class Fixture : SpindleFixture
    {
        protected override void Configure(Dictionary<string, string?> settings)
        {
            base.Configure(settings);
            settings["Spindle:Playground:Enabled"] = "false";
        }
    }

    [Fact]
    public async Task Switched_off_the_root_is_an_unknown_route_in_openai_envelope()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = spindle.CreateClient(key: null, beta: false);
        var reply = await SpindleFixture.SendAsync(client, HttpMethod.Get, "/", null, ct);
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("invalid_request_error", reply.Error.GetProperty("type").GetString());
    }
}
