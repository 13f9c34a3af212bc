using System.Net;
using System.Text.Json;
using Spindle.Server.Tests.Errors;
using Spindle.Server.Tests.Files;
using Spindle.Testing;

namespace Spindle.Server.Tests.Messages;

public sealed class MessageCrudTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task String_content_becomes_one_text_part_on_a_completed_user_message()
    {
        var ct = TestContext.Current.CancellationToken;
        var thread = (await spindle.PostAsync("/v1/threads", "{}", ct)).Id;

        var reply = await spindle.PostAsync($"/v1/threads/{thread}/messages", """{"role":"user","content":"What is 2 + 2?"}""", ct);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var m = reply.Json;
        Assert.Matches("^msg_[0-9A-Za-z]{24}$", m.GetProperty("id").GetString());
        Assert.Equal("thread.message", m.GetProperty("object").GetString());
        Assert.True(m.GetProperty("created_at").GetInt64() > 1_700_000_000);
        Assert.Equal(thread, m.GetProperty("thread_id").GetString());
        Assert.Equal("user", m.GetProperty("role").GetString());
        Assert.Equal("completed", m.GetProperty("status").GetString());
        Assert.Equal("""[{"type":"text","text":{"value":"What is 2 + 2?","annotations":[]}}]""", m.GetProperty("content").GetRawText());
        Assert.Equal("[]", m.GetProperty("attachments").GetRawText());
        Assert.Equal("{}", m.GetProperty("metadata").GetRawText());
        Assert.Equal(JsonValueKind.Null, m.GetProperty("assistant_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("run_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("incomplete_details").ValueKind);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("incomplete_at").ValueKind);
    }

    [Fact]
    public async Task Array_content_keeps_text_image_url_and_image_file_parts_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var thread = (await spindle.PostAsync("/v1/threads", "{}", ct)).Id;
        var image = (await FileForms.UploadAsync(spindle, [0x89, 0x50, 0x4E, 0x47], ct, "cat.png", "vision")).Id;

        var reply = await spindle.PostAsync($"/v1/threads/{thread}/messages",
            $$$"""{"role":"user","content":[{"type":"text","text":"Describe this."},{"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"low"}},{"type":"image_url","image_url":{"url":"https://example.com/dog.png"}},{"type":"image_file","image_file":{"file_id":"{{{image}}}"}}],"metadata":{"source":"test"}}""", ct);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(
            $$$"""[{"type":"text","text":{"value":"Describe this.","annotations":[]}},{"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"low"}},{"type":"image_url","image_url":{"url":"https://example.com/dog.png","detail":"auto"}},{"type":"image_file","image_file":{"file_id":"{{{image}}}","detail":"auto"}}]""",
            reply.Json.GetProperty("content").GetRawText());
        Assert.Equal("""{"source":"test"}""", reply.Json.GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task Get_returns_the_same_json_as_create()
    {
        var ct = TestContext.Current.CancellationToken;
        var thread = (await spindle.PostAsync("/v1/threads", "{}", ct)).Id;
        var created = await spindle.PostAsync($"/v1/threads/{thread}/messages", """{"role":"assistant","content":"Hello."}""", ct);

        var fetched = await spindle.GetAsync($"/v1/threads/{thread}/messages/{created.Id}", ct);

        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(created.Body, fetched.Body);
    }

    [Fact]
    public async Task List_filtered_by_run_id_returns_only_the_messages_that_run_wrote()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("x = 1/4"));
        var (assistant, thread) = await spindle.SeedAsync(ct);
        var run = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        Assert.Equal("completed", (await spindle.WaitForRunAsync(thread, run.Id, ct)).Json.GetProperty("status").GetString());

        var all = (await spindle.GetAsync($"/v1/threads/{thread}/messages", ct)).Json.GetProperty("data");
        var filtered = (await spindle.GetAsync($"/v1/threads/{thread}/messages?run_id={run.Id}", ct)).Json;
        var none = (await spindle.GetAsync($"/v1/threads/{thread}/messages?run_id=run_doesnotexist000000000000", ct)).Json;

        Assert.Equal(2, all.GetArrayLength());
        var only = Assert.Single(filtered.GetProperty("data").EnumerateArray());
        Assert.Equal("assistant", only.GetProperty("role").GetString());
        Assert.Equal(run.Id, only.GetProperty("run_id").GetString());
        Assert.Equal(assistant, only.GetProperty("assistant_id").GetString());
        Assert.Equal("x = 1/4", only.GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString());
        Assert.Equal(only.GetProperty("id").GetString(), filtered.GetProperty("first_id").GetString());
        Assert.Empty(none.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Modify_replaces_metadata_and_keeps_the_content()
    {
        var ct = TestContext.Current.CancellationToken;
        var thread = (await spindle.PostAsync("/v1/threads", "{}", ct)).Id;
        var created = await spindle.PostAsync($"/v1/threads/{thread}/messages", """{"role":"user","content":"hi","metadata":{"a":"1"}}""", ct);

        var modified = await spindle.PostAsync($"/v1/threads/{thread}/messages/{created.Id}", """{"metadata":{"b":"2"}}""", ct);

        Assert.Equal(HttpStatusCode.OK, modified.Status);
        Assert.Equal("""{"b":"2"}""", modified.Json.GetProperty("metadata").GetRawText());
        Assert.Equal(created.Json.GetProperty("content").GetRawText(), modified.Json.GetProperty("content").GetRawText());
        Assert.Equal(modified.Body, (await spindle.GetAsync($"/v1/threads/{thread}/messages/{created.Id}", ct)).Body);
    }

    [Fact]
    public async Task Delete_answers_thread_message_deleted_and_the_message_is_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        var thread = (await spindle.PostAsync("/v1/threads", "{}", ct)).Id;
        var kept = await spindle.PostAsync($"/v1/threads/{thread}/messages", """{"role":"user","content":"keep"}""", ct);
        var created = await spindle.PostAsync($"/v1/threads/{thread}/messages", """{"role":"user","content":"drop"}""", ct);

        var deleted = await spindle.DeleteAsync($"/v1/threads/{thread}/messages/{created.Id}", ct);

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal($$"""{"id":"{{created.Id}}","object":"thread.message.deleted","deleted":true}""", deleted.Body);
        ErrorEnvelope.Assert(await spindle.GetAsync($"/v1/threads/{thread}/messages/{created.Id}", ct), HttpStatusCode.NotFound, null);
        var list = (await spindle.GetAsync($"/v1/threads/{thread}/messages", ct)).Json;
        Assert.Equal(kept.Id, Assert.Single(list.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
    }
}
