using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Testing;

namespace Spindle.Server.Tests.Errors;

/// <summary>
/// Runs one rejected request against a seeded tenant and checks the envelope and that no stored row changed.
/// Paths and bodies name the seeded objects as <c>{asst}</c>, <c>{thread}</c>, <c>{msg}</c>, <c>{run}</c>,
/// <c>{step}</c>, <c>{other_thread}</c> and <c>{other_msg}</c> (a message of the other thread).
/// </summary>
internal static class BadInput
{
    public static readonly string Metadata17 = "{" + string.Join(",", Enumerable.Range(0, 17).Select(i => $"\"k{i}\":\"v\"")) + "}";
    public static readonly string MetadataKey65 = $$"""{"{{new string('k', 65)}}":"v"}""";
    public static readonly string MetadataValue513 = $$"""{"k":"{{new string('v', 513)}}"}""";

    private static readonly ConditionalWeakTable<SpindleFixture, Task<IReadOnlyDictionary<string, string>>> Seeds = [];

    public static async Task AssertRejectedAsync(SpindleFixture spindle, string method, string path, string? body, int status, string? param, string? code)
    {
        var ct = TestContext.Current.CancellationToken;
        var ids = await Seeds.GetValue(spindle, s => SeedAsync(s, ct));
        var before = await SnapshotAsync(spindle, ids, ct);

        var reply = await SpindleFixture.SendAsync(spindle.Http, new HttpMethod(method), Fill(path, ids), body is null ? null : Fill(body, ids), ct);

        ErrorEnvelope.Assert(reply, (HttpStatusCode)status, param, code);
        Assert.Equal(before, await SnapshotAsync(spindle, ids, ct));
    }

    private static string Fill(string text, IReadOnlyDictionary<string, string> ids) =>
        ids.Aggregate(text, (s, id) => s.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));

    private static async Task<IReadOnlyDictionary<string, string>> SeedAsync(SpindleFixture spindle, CancellationToken ct)
    {
        var (assistant, thread) = await spindle.SeedAsync(ct);
        var run = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        var finished = await spindle.WaitForRunAsync(thread, run.Id, ct);
        Assert.Equal("completed", finished.Json.GetProperty("status").GetString());
        var step = (await spindle.GetAsync($"/v1/threads/{thread}/runs/{run.Id}/steps", ct)).Json.GetProperty("data")[0].GetProperty("id").GetString()!;
        var message = (await spindle.GetAsync($"/v1/threads/{thread}/messages?order=asc", ct)).Json.GetProperty("data")[0].GetProperty("id").GetString()!;
        var other = await spindle.PostAsync("/v1/threads", """{"messages":[{"role":"user","content":"elsewhere"}]}""", ct);
        var otherMessage = (await spindle.GetAsync($"/v1/threads/{other.Id}/messages", ct)).Json.GetProperty("data")[0].GetProperty("id").GetString()!;
        return new Dictionary<string, string>
        {
            ["asst"] = assistant,
            ["thread"] = thread,
            ["msg"] = message,
            ["run"] = run.Id,
            ["step"] = step,
            ["other_thread"] = other.Id,
            ["other_msg"] = otherMessage,
        };
    }

    /// <summary>Every row of tenant A that a rejected request could have touched, read from the store itself.</summary>
    private static async Task<string> SnapshotAsync(SpindleFixture spindle, IReadOnlyDictionary<string, string> ids, CancellationToken ct)
    {
        var store = spindle.Services.GetRequiredService<IObjectStore>();
        var tenant = new TenantId("tenant-a");
        var text = new StringBuilder();
        foreach (var (collection, parent) in new (string, string?)[]
        {
            ("assistants", null), ("threads", null), ("messages", ids["thread"]), ("messages", ids["other_thread"]),
            ("runs", ids["thread"]), ("runs", ids["other_thread"]), ("run_steps", ids["run"]),
        })
        {
            var page = await store.ListAsync(tenant, collection, new ListQuery(parent, 100, true, null, null, null), ct);
            foreach (var row in page.Rows)
            {
                text.Append(row.Collection).Append(' ').Append(row.Id).Append(' ').Append(row.Tag).Append(' ').AppendLine(row.Json);
            }
        }

        return text.ToString();
    }
}
