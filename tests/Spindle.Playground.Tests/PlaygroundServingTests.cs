using System.Net;
using System.Text.RegularExpressions;
using Spindle.Testing;

namespace Spindle.Playground.Tests;

public sealed partial class PlaygroundServingTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Root_serves_the_built_page_with_a_strict_content_security_policy_and_hashed_assets_cached_for_good()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = spindle.CreateClient(key: null, beta: false);

        using var page = await client.GetAsync("/", ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Spindle playground</title>", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());

        var script = ScriptPath().Match(html).Groups[1].Value;
        using var asset = await client.GetAsync(script, ct);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_api_keeps_its_error_envelope_beside_the_page()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = spindle.CreateClient(key: null, beta: false);
        var reply = await SpindleFixture.SendAsync(client, HttpMethod.Get, "/v1/assistants", null, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("invalid_request_error", reply.Error.GetProperty("type").GetString());
    }

    [GeneratedRegex("""<script type="module" crossorigin src="(/assets/[^"]+\.js)">""")]
    private static partial Regex ScriptPath();
}
