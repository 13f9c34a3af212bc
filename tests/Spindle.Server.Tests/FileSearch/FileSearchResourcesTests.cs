using Spindle.Server.Tests.VectorStores;
using Spindle.Testing;

namespace Spindle.Server.Tests.FileSearch;

public sealed class FileSearchResourcesTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task A_file_search_attachment_creates_the_threads_vector_store_and_the_run_searches_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = await VectorStoreWire.UploadAsync(spindle, "handbook.md", "# Leave\nEmployees get 25 days of paid leave per year.", ct);
        var assistant = await spindle.PostAsync("/v1/assistants", """{"model":"gpt-4o","tools":[{"type":"file_search"}]}""", ct);
        var thread = await spindle.PostAsync("/v1/threads", "{}", ct);

        await spindle.PostAsync($"/v1/threads/{thread.Id}/messages",
            $$"""{"role":"user","content":"How many leave days?","attachments":[{"file_id":"{{file}}","tools":[{"type":"file_search"}]}]}""", ct);

        var stores = (await spindle.GetAsync($"/v1/threads/{thread.Id}", ct)).Json.GetProperty("tool_resources").GetProperty("file_search").GetProperty("vector_store_ids");
        var store = Assert.Single(stores.EnumerateArray()).GetString()!;
        var counts = (await VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{store}", ct)).Json.GetProperty("file_counts");
        Assert.Equal(1, counts.GetProperty("completed").GetInt32());

        spindle.Upstream.Enqueue(Script.ToolCalls(("call_leave", "file_search", """{"query":"paid leave days"}""")));
        spindle.Upstream.Enqueue(Script.Reply("25 days【0:0†handbook.md】."));
        var run = await spindle.PostAsync($"/v1/threads/{thread.Id}/runs", $$"""{"assistant_id":"{{assistant.Id}}"}""", ct);
        Assert.Equal("completed", (await spindle.WaitForRunAsync(thread.Id, run.Id, ct)).Json.GetProperty("status").GetString());

        var text = (await spindle.GetAsync($"/v1/threads/{thread.Id}/messages?run_id={run.Id}", ct)).Json.GetProperty("data")[0].GetProperty("content")[0].GetProperty("text");
        Assert.Equal(file, text.GetProperty("annotations")[0].GetProperty("file_citation").GetProperty("file_id").GetString());
    }

    [Fact]
    public async Task The_vector_stores_helper_on_assistant_create_makes_a_store_and_shows_its_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = await VectorStoreWire.UploadAsync(spindle, "notes.txt", "The launch is on Tuesday.", ct);
        var assistant = await spindle.PostAsync("/v1/assistants", $$$$$"""
            {"model":"gpt-4o","tools":[{"type":"file_search"}],"tool_resources":{"file_search":{"vector_stores":[{"file_ids":["{{{{{file}}}}}"],"metadata":{"k":"v"}}]}}}
            """, ct);

        Assert.True(assistant.Status == System.Net.HttpStatusCode.OK, assistant.Body);
        var fileSearch = assistant.Json.GetProperty("tool_resources").GetProperty("file_search");
        Assert.False(fileSearch.TryGetProperty("vector_stores", out _));
        var store = Assert.Single(fileSearch.GetProperty("vector_store_ids").EnumerateArray()).GetString()!;
        var created = (await VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{store}", ct)).Json;
        Assert.Equal("v", created.GetProperty("metadata").GetProperty("k").GetString());
        Assert.Equal(1, created.GetProperty("file_counts").GetProperty("completed").GetInt32());
    }
}
