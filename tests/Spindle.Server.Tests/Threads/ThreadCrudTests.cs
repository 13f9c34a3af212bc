using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Server.Tests.Errors;
using Spindle.Testing;

namespace Spindle.Server.Tests.Threads;

public sealed partial class ThreadCrudTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Created_thread_has_id_object_created_at_empty_tool_resources_and_metadata()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await spindle.PostAsync("/v1/threads", "{}", ct);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var t = reply.Json;
        Assert.Equal(["created_at", "id", "metadata", "object", "tool_resources"], t.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Matches(ThreadId(), t.GetProperty("id").GetString());
        Assert.Equal("thread", t.GetProperty("object").GetString());
        Assert.True(t.GetProperty("created_at").GetInt64() > 1_700_000_000);
        Assert.Equal("{}", t.GetProperty("tool_resources").GetRawText());
        Assert.Equal("{}", t.GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task Thread_can_be_created_without_any_body()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await SpindleFixture.SendAsync(spindle.Http, HttpMethod.Post, "/v1/threads", null, ct);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("thread", reply.Json.GetProperty("object").GetString());
    }

    [Fact]
    public async Task Thread_created_with_messages_stores_them_as_completed_user_text_messages_in_order()
    {
        var ct = TestContext.Current.CancellationToken;

        var thread = await spindle.PostAsync("/v1/threads",
            """{"metadata":{"topic":"algebra"},"messages":[{"role":"user","content":"I need to solve 8x + 12 = 14."},{"role":"assistant","content":"Sure.","metadata":{"k":"v"}}]}""", ct);

        Assert.Equal(HttpStatusCode.OK, thread.Status);
        Assert.Equal("""{"topic":"algebra"}""", thread.Json.GetProperty("metadata").GetRawText());
        var data = (await spindle.GetAsync($"/v1/threads/{thread.Id}/messages?order=asc", ct)).Json.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        var m = data[0];
        Assert.Equal(
            ["assistant_id", "attachments", "completed_at", "content", "created_at", "id", "incomplete_at", "incomplete_details", "metadata", "object", "role", "run_id", "status", "thread_id"],
            m.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.StartsWith("msg_", m.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("thread.message", m.GetProperty("object").GetString());
        Assert.Equal(thread.Id, m.GetProperty("thread_id").GetString());
        Assert.Equal("user", m.GetProperty("role").GetString());
        Assert.Equal("completed", m.GetProperty("status").GetString());
        Assert.Equal("""[{"type":"text","text":{"value":"I need to solve 8x + 12 = 14.","annotations":[]}}]""", m.GetProperty("content").GetRawText());
        Assert.Equal("[]", m.GetProperty("attachments").GetRawText());
        Assert.Equal("{}", m.GetProperty("metadata").GetRawText());
        Assert.Equal(JsonValueKind.Null, m.GetProperty("assistant_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("run_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("incomplete_details").ValueKind);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("incomplete_at").ValueKind);
        Assert.Equal("assistant", data[1].GetProperty("role").GetString());
        Assert.Equal("""{"k":"v"}""", data[1].GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task Get_returns_the_same_json_as_create()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await spindle.PostAsync("/v1/threads", """{"metadata":{"a":"b"}}""", ct);

        var fetched = await spindle.GetAsync($"/v1/threads/{created.Id}", ct);

        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(created.Body, fetched.Body);
    }

    [Fact]
    public async Task Modify_replaces_metadata_and_keeps_the_rest()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await spindle.PostAsync("/v1/threads", """{"metadata":{"a":"1"}}""", ct);

        var modified = await spindle.PostAsync($"/v1/threads/{created.Id}", """{"metadata":{"b":"2"}}""", ct);

        Assert.Equal(HttpStatusCode.OK, modified.Status);
        Assert.Equal("""{"b":"2"}""", modified.Json.GetProperty("metadata").GetRawText());
        Assert.Equal(created.Json.GetProperty("created_at").GetInt64(), modified.Json.GetProperty("created_at").GetInt64());
        Assert.Equal(created.Id, modified.Id);
        Assert.Equal(modified.Body, (await spindle.GetAsync($"/v1/threads/{created.Id}", ct)).Body);
    }

    [Fact]
    public async Task Delete_answers_thread_deleted_and_removes_the_thread_and_its_messages()
    {
        var ct = TestContext.Current.CancellationToken;
        var thread = await spindle.PostAsync("/v1/threads", """{"messages":[{"role":"user","content":"hi"}]}""", ct);
        var message = (await spindle.GetAsync($"/v1/threads/{thread.Id}/messages", ct)).Json.GetProperty("data")[0].GetProperty("id").GetString();

        var deleted = await spindle.DeleteAsync($"/v1/threads/{thread.Id}", ct);

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal($$"""{"id":"{{thread.Id}}","object":"thread.deleted","deleted":true}""", deleted.Body);
        ErrorEnvelope.Assert(await spindle.GetAsync($"/v1/threads/{thread.Id}", ct), HttpStatusCode.NotFound, null);
        ErrorEnvelope.Assert(await spindle.GetAsync($"/v1/threads/{thread.Id}/messages", ct), HttpStatusCode.NotFound, null);
        ErrorEnvelope.Assert(await spindle.GetAsync($"/v1/threads/{thread.Id}/messages/{message}", ct), HttpStatusCode.NotFound, null);
        ErrorEnvelope.Assert(await spindle.DeleteAsync($"/v1/threads/{thread.Id}", ct), HttpStatusCode.NotFound, null);

        // The 404s above could come from the thread check alone; the message row itself must be gone too.
        var store = spindle.Services.GetRequiredService<IObjectStore>();
        Assert.Null(await store.GetAsync(new TenantId("tenant-a"), "messages", message!, ct));
    }

    [GeneratedRegex("^thread_[0-9A-Za-z]{24}$")]
    private static partial Regex ThreadId();
}
