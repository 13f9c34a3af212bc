using System.Net;
using Spindle.Server.Tests.Tenancy;
using Spindle.Testing;

namespace Spindle.Server.Tests.ChatCompletions;

public sealed class BringYourOwnKeyPassThroughTests(BringYourOwnKeySpindle spindle) : IClassFixture<BringYourOwnKeySpindle>
{
    [Fact]
    public async Task Each_callers_own_key_goes_upstream_with_its_own_completions_only()
    {
        var ct = TestContext.Current.CancellationToken;
        using var alice = spindle.CreateClient("sk-alice-own-key", beta: false);
        using var bob = spindle.CreateClient("sk-bob-own-key", beta: false);
        spindle.Upstream.Enqueue(Script.Reply("for Alice"));
        spindle.Upstream.Enqueue(Script.Reply("for Bob"));

        var first = await SpindleFixture.SendAsync(alice, HttpMethod.Post, "/v1/chat/completions", """{"model":"gpt-4o","messages":[{"role":"user","content":"A"}]}""", ct);
        var aliceCall = spindle.Upstream.Requests[^1];
        var second = await SpindleFixture.SendAsync(bob, HttpMethod.Post, "/v1/chat/completions", """{"model":"gpt-4o","messages":[{"role":"user","content":"B"}],"stream":true}""", ct);
        var bobCall = spindle.Upstream.Requests[^1];

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.Status, second.Status));
        Assert.Equal(("Bearer sk-alice-own-key", "A"), (aliceCall.Authorization, aliceCall.Json.GetProperty("messages")[0].GetProperty("content").GetString()));
        Assert.Equal(("Bearer sk-bob-own-key", "B"), (bobCall.Authorization, bobCall.Json.GetProperty("messages")[0].GetProperty("content").GetString()));
        Assert.Contains("\"Bob\"", second.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Alice", second.Body, StringComparison.Ordinal);
    }
}
