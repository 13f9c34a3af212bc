using Spindle.Server.Tests.VectorStores;
using Spindle.Testing;

namespace Spindle.Server.Tests.FileSearch;

public sealed class FileSearchRunTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string Marker = "【0:0†favorite_foods.txt】";

    private async Task<(string Assistant, string Thread, string File)> SeedAsync(CancellationToken ct)
    {
        var file = await VectorStoreWire.UploadAsync(spindle, "favorite_foods.txt",
            "Filip's favorite food is cake. Maria prefers sushi, and Tom eats pizza every Friday.", ct);
        var decoy = await VectorStoreWire.UploadAsync(spindle, "weather.txt", "It rained all week in Lisbon and the trams were late.", ct);
        var store = await VectorStoreWire.CreateStoreAsync(spindle, $$"""{"name":"Foods","file_ids":["{{file}}","{{decoy}}"]}""", ct);
        await VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{store.Id}", ct);

        var assistant = await spindle.PostAsync("/v1/assistants", $$$$"""
            {"model":"gpt-4o","instructions":"Answer from the files.","tools":[{"type":"file_search"}],
             "tool_resources":{"file_search":{"vector_store_ids":["{{{{store.Id}}}}"]}}}
            """, ct);
        var thread = await spindle.PostAsync("/v1/threads", """{"messages":[{"role":"user","content":"What is Filip's favorite food?"}]}""", ct);
        return (assistant.Id, thread.Id, file);
    }

    [Fact]
    public async Task The_model_searches_the_store_and_its_quoted_marker_becomes_a_file_citation()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread, file) = await SeedAsync(ct);
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_fs", "file_search", """{"query":"Filip favorite food"}""")));
        spindle.Upstream.Enqueue(Script.Reply("Filip's favorite food is cake", "【0:", "0†favorite_", "foods.txt】", "."));

        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        Assert.Equal("completed", (await spindle.WaitForRunAsync(thread, created.Id, ct)).Json.GetProperty("status").GetString());

        // The model read the ranked passages, the answer's file first, each under its marker.
        var toolMessage = spindle.Upstream.Requests[^1].Json.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "tool");
        var toolText = toolMessage.GetProperty("content").ToString();
        Assert.Contains(Marker + "\nFilip's favorite food is cake.", toolText);

        var steps = (await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}/steps?order=asc", ct)).Json.GetProperty("data");
        var call = steps[0].GetProperty("step_details").GetProperty("tool_calls")[0];
        Assert.Equal("file_search", call.GetProperty("type").GetString());
        Assert.Equal("default_2024_08_21", call.GetProperty("file_search").GetProperty("ranking_options").GetProperty("ranker").GetString());
        var top = call.GetProperty("file_search").GetProperty("results")[0];
        Assert.Equal(file, top.GetProperty("file_id").GetString());
        Assert.Equal("favorite_foods.txt", top.GetProperty("file_name").GetString());
        Assert.InRange(top.GetProperty("score").GetDouble(), 0.0, 1.0);
        Assert.False(top.TryGetProperty("content", out _));

        var included = (await spindle.GetAsync(
            $"/v1/threads/{thread}/runs/{created.Id}/steps/{steps[0].GetProperty("id").GetString()}?include[]=step_details.tool_calls[*].file_search.results[*].content", ct)).Json;
        var content = included.GetProperty("step_details").GetProperty("tool_calls")[0].GetProperty("file_search").GetProperty("results")[0].GetProperty("content")[0];
        Assert.Equal("text", content.GetProperty("type").GetString());
        Assert.Contains("Filip's favorite food is cake.", content.GetProperty("text").GetString());

        var message = (await spindle.GetAsync($"/v1/threads/{thread}/messages?run_id={created.Id}", ct)).Json.GetProperty("data")[0];
        var text = message.GetProperty("content")[0].GetProperty("text");
        Assert.Equal("Filip's favorite food is cake" + Marker + ".", text.GetProperty("value").GetString());
        var citation = Assert.Single(text.GetProperty("annotations").EnumerateArray());
        Assert.Equal("file_citation", citation.GetProperty("type").GetString());
        Assert.Equal(Marker, citation.GetProperty("text").GetString());
        Assert.Equal(29, citation.GetProperty("start_index").GetInt32());
        Assert.Equal(29 + Marker.Length, citation.GetProperty("end_index").GetInt32());
        Assert.Equal(file, citation.GetProperty("file_citation").GetProperty("file_id").GetString());
    }

    [Fact]
    public async Task Streaming_sends_the_whole_marker_in_one_delta_with_its_annotation()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread, file) = await SeedAsync(ct);
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_fs2", "file_search", """{"query":"favorite food"}""")));
        spindle.Upstream.Enqueue(Script.Reply("Cake", "【0:0†fav", "orite_foods.txt】", "!"));

        var events = await spindle.PostSseAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);
        var toolDelta = events.Single(e => e.Event == "thread.run.step.delta").Json.GetProperty("delta").GetProperty("step_details").GetProperty("tool_calls")[0];
        Assert.Equal("file_search", toolDelta.GetProperty("type").GetString());
        Assert.Equal(0, toolDelta.GetProperty("file_search").GetProperty("results").GetArrayLength());

        var deltas = events.Where(e => e.Event == "thread.message.delta").Select(e => e.Json.GetProperty("delta").GetProperty("content")[0].GetProperty("text")).ToList();
        Assert.Equal(["Cake", Marker, "!"], deltas.Select(d => d.GetProperty("value").GetString()));
        var annotation = deltas[1].GetProperty("annotations")[0];
        Assert.Equal(0, annotation.GetProperty("index").GetInt32());
        Assert.Equal(4, annotation.GetProperty("start_index").GetInt32());
        Assert.Equal(file, annotation.GetProperty("file_citation").GetProperty("file_id").GetString());

        var completed = events.Single(e => e.Event == "thread.message.completed").Json.GetProperty("content")[0].GetProperty("text");
        Assert.Equal("Cake" + Marker + "!", completed.GetProperty("value").GetString());
        Assert.False(completed.GetProperty("annotations")[0].TryGetProperty("index", out _));
        var stepCompleted = events.First(e => e.Event == "thread.run.step.completed").Json;
        Assert.False(stepCompleted.GetProperty("step_details").GetProperty("tool_calls")[0].GetProperty("file_search").GetProperty("results")[0].TryGetProperty("content", out _));
    }

    [Fact]
    public async Task A_run_created_with_include_streams_the_result_content_in_step_completed()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread, _) = await SeedAsync(ct);
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_fs3", "file_search", """{"query":"cake"}""")));
        spindle.Upstream.Enqueue(Script.Reply("Cake."));

        var events = await spindle.PostSseAsync($"/v1/threads/{thread}/runs?include[]=step_details.tool_calls[*].file_search.results[*].content",
            $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);
        var result = events.First(e => e.Event == "thread.run.step.completed").Json
            .GetProperty("step_details").GetProperty("tool_calls")[0].GetProperty("file_search").GetProperty("results")[0];
        Assert.Contains("cake", result.GetProperty("content")[0].GetProperty("text").GetString());

        var bad = await spindle.PostAsync($"/v1/threads/{thread}/runs?include[]=everything", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("include", bad.Error.GetProperty("param").GetString());
    }
}
