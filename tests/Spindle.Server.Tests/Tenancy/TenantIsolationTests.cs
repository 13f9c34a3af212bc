using System.Net;
using Spindle.Server.Tests.Errors;
using Spindle.Testing;

namespace Spindle.Server.Tests.Tenancy;

/// <summary>
/// Tenant B must not be able to tell tenant A's objects from missing ones: every answer it gets for A's ids is,
/// byte for byte apart from the id, the answer it gets for an id that never existed.
/// </summary>
public sealed class TenantIsolationTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private static readonly Dictionary<string, string> Missing = new()
    {
        ["asst"] = "asst_neverexisted00000000000",
        ["thread"] = "thread_neverexisted0000000000",
        ["msg"] = "msg_neverexisted000000000000",
        ["run"] = "run_neverexisted000000000000",
        ["step"] = "step_neverexisted00000000000",
    };

    public static TheoryData<string, string, string?> Requests => new()
    {
        { "GET", "/v1/assistants/{asst}", null },
        { "POST", "/v1/assistants/{asst}", """{"name":"taken over"}""" },
        { "DELETE", "/v1/assistants/{asst}", null },
        { "GET", "/v1/threads/{thread}", null },
        { "POST", "/v1/threads/{thread}", """{"metadata":{"owner":"b"}}""" },
        { "DELETE", "/v1/threads/{thread}", null },
        { "GET", "/v1/threads/{thread}/messages", null },
        { "POST", "/v1/threads/{thread}/messages", """{"role":"user","content":"injected"}""" },
        { "GET", "/v1/threads/{thread}/messages/{msg}", null },
        { "POST", "/v1/threads/{thread}/messages/{msg}", """{"metadata":{"owner":"b"}}""" },
        { "DELETE", "/v1/threads/{thread}/messages/{msg}", null },
        { "GET", "/v1/threads/{thread}/runs", null },
        { "POST", "/v1/threads/{thread}/runs", """{"assistant_id":"{b_asst}"}""" },
        { "POST", "/v1/threads/{thread}/runs", """{"assistant_id":"{asst}"}""" },
        { "POST", "/v1/threads/{b_thread}/runs", """{"assistant_id":"{asst}"}""" },
        { "POST", "/v1/threads/runs", """{"assistant_id":"{asst}"}""" },
        { "GET", "/v1/threads/{thread}/runs/{run}", null },
        { "POST", "/v1/threads/{thread}/runs/{run}", """{"metadata":{"owner":"b"}}""" },
        { "POST", "/v1/threads/{thread}/runs/{run}/cancel", null },
        { "POST", "/v1/threads/{thread}/runs/{run}/submit_tool_outputs", """{"tool_outputs":[]}""" },
        { "GET", "/v1/threads/{thread}/runs/{run}/steps", null },
        { "GET", "/v1/threads/{thread}/runs/{run}/steps/{step}", null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Tenant_B_gets_exactly_the_missing_id_404_for_tenant_A_objects_and_A_is_unchanged(string method, string path, string? body)
    {
        var ct = TestContext.Current.CancellationToken;
        var a = await SeedTenantAAsync(ct);
        using var b = spindle.CreateClient(SpindleFixture.KeyB);
        var bAssistant = (await SpindleFixture.SendAsync(b, HttpMethod.Post, "/v1/assistants", """{"model":"gpt-4o"}""", ct)).Id;
        var bThread = (await SpindleFixture.SendAsync(b, HttpMethod.Post, "/v1/threads", "{}", ct)).Id;
        var real = new Dictionary<string, string>(a) { ["b_asst"] = bAssistant, ["b_thread"] = bThread };
        var missing = new Dictionary<string, string>(Missing) { ["b_asst"] = bAssistant, ["b_thread"] = bThread };
        var before = await SnapshotAsync(a, ct);

        var onA = await SpindleFixture.SendAsync(b, new HttpMethod(method), Fill(path, real), body is null ? null : Fill(body, real), ct);
        var onNothing = await SpindleFixture.SendAsync(b, new HttpMethod(method), Fill(path, missing), body is null ? null : Fill(body, missing), ct);

        ErrorEnvelope.Assert(onA, HttpStatusCode.NotFound, null);
        Assert.Equal(onNothing.Status, onA.Status);
        Assert.Equal(onNothing.Body, Unfill(onA.Body, real, missing));
        Assert.Equal(before, await SnapshotAsync(a, ct));
    }

    [Fact]
    public async Task Tenant_B_lists_never_include_tenant_A_objects()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = await SeedTenantAAsync(ct);
        using var b = spindle.CreateClient(SpindleFixture.KeyB);
        var bAssistant = (await SpindleFixture.SendAsync(b, HttpMethod.Post, "/v1/assistants", """{"model":"gpt-4o"}""", ct)).Id;

        var list = await SpindleFixture.SendAsync(b, HttpMethod.Get, "/v1/assistants?limit=100", null, ct);
        var cursor = await SpindleFixture.SendAsync(b, HttpMethod.Get, $"/v1/assistants?limit=100&after={a["asst"]}", null, ct);

        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains(bAssistant, list.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(a["asst"], list.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("asst_", cursor.Json.GetProperty("data").GetRawText(), StringComparison.Ordinal);
        var aList = await spindle.GetAsync("/v1/assistants?limit=100", ct);
        Assert.DoesNotContain(bAssistant, aList.Body, StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, string>> SeedTenantAAsync(CancellationToken ct)
    {
        var (assistant, thread) = await spindle.SeedAsync(ct);
        var run = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        Assert.Equal("completed", (await spindle.WaitForRunAsync(thread, run.Id, ct)).Json.GetProperty("status").GetString());
        var step = (await spindle.GetAsync($"/v1/threads/{thread}/runs/{run.Id}/steps", ct)).Json.GetProperty("data")[0].GetProperty("id").GetString()!;
        var message = (await spindle.GetAsync($"/v1/threads/{thread}/messages?order=asc", ct)).Json.GetProperty("data")[0].GetProperty("id").GetString()!;
        return new() { ["asst"] = assistant, ["thread"] = thread, ["msg"] = message, ["run"] = run.Id, ["step"] = step };
    }

    private async Task<string> SnapshotAsync(Dictionary<string, string> a, CancellationToken ct)
    {
        string[] reads =
        [
            $"/v1/assistants/{a["asst"]}", "/v1/assistants?limit=100", $"/v1/threads/{a["thread"]}", $"/v1/threads/{a["thread"]}/messages?limit=100",
            $"/v1/threads/{a["thread"]}/runs?limit=100", $"/v1/threads/{a["thread"]}/runs/{a["run"]}/steps?limit=100",
        ];
        var bodies = new List<string>();
        foreach (var read in reads)
        {
            var reply = await spindle.GetAsync(read, ct);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            bodies.Add(reply.Body);
        }

        return string.Join("\n", bodies);
    }

    private static string Fill(string text, Dictionary<string, string> ids) =>
        ids.Aggregate(text, (s, id) => s.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));

    private static string Unfill(string text, Dictionary<string, string> real, Dictionary<string, string> missing) =>
        real.Aggregate(text, (s, id) => s.Replace(id.Value, missing[id.Key], StringComparison.Ordinal));
}
