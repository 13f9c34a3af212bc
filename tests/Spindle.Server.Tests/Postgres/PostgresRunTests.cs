using Spindle.Testing;

namespace Spindle.Server.Tests.Postgres;

public sealed class PostgresRunTests(PostgresSpindle spindle) : IClassFixture<PostgresSpindle>
{
    [Fact]
    public async Task A_streamed_function_call_run_completes_and_reads_back_from_PostgreSQL()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.IsType<Spindle.Storage.Postgres.PostgresObjectStore>(spindle.Services.GetRequiredService<Spindle.Core.Storage.IObjectStore>());
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_pg", "lookup", """{"key":"x"}""")));
        spindle.Upstream.Enqueue(Script.Reply("Stored in PostgreSQL."));
        var (assistant, thread) = await spindle.SeedAsync(ct, """[{"type":"function","function":{"name":"lookup"}}]""");

        var first = await spindle.PostSseAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);
        Assert.Equal("thread.run.requires_action", first[^2].Event);
        var runId = first[0].Json.GetProperty("id").GetString()!;

        var second = await spindle.PostSseAsync($"/v1/threads/{thread}/runs/{runId}/submit_tool_outputs",
            """{"tool_outputs":[{"tool_call_id":"call_pg","output":"42"}],"stream":true}""", ct);
        Assert.Equal("thread.run.completed", second[^2].Event);

        var messages = (await spindle.GetAsync($"/v1/threads/{thread}/messages?order=asc&limit=1", ct)).Json;
        Assert.True(messages.GetProperty("has_more").GetBoolean());
        var next = (await spindle.GetAsync($"/v1/threads/{thread}/messages?order=asc&after={messages.GetProperty("last_id").GetString()}", ct)).Json;
        Assert.Equal("Stored in PostgreSQL.", next.GetProperty("data")[0].GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString());

        var steps = (await spindle.GetAsync($"/v1/threads/{thread}/runs/{runId}/steps?order=asc", ct)).Json.GetProperty("data");
        Assert.Equal("42", steps[0].GetProperty("step_details").GetProperty("tool_calls")[0].GetProperty("function").GetProperty("output").GetString());

        var deleted = await spindle.DeleteAsync($"/v1/threads/{thread}", ct);
        Assert.True(deleted.Json.GetProperty("deleted").GetBoolean());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await spindle.GetAsync($"/v1/threads/{thread}/runs/{runId}", ct)).Status);
    }

    [Fact]
    public async Task Files_and_vector_store_ingestion_work_on_PostgreSQL()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = await VectorStores.VectorStoreWire.UploadAsync(spindle, "pg.txt", "PostgreSQL keeps the chunks of this file.", ct);
        var store = await VectorStores.VectorStoreWire.CreateStoreAsync(spindle, $$"""{"file_ids":["{{file}}"]}""", ct);
        var done = (await VectorStores.VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{store.Id}", ct)).Json;
        Assert.Equal(1, done.GetProperty("file_counts").GetProperty("completed").GetInt32());

        var hits = (await spindle.PostAsync($"/v1/vector_stores/{store.Id}/search", """{"query":"chunks"}""", ct)).Json.GetProperty("data");
        Assert.Equal(file, hits[0].GetProperty("file_id").GetString());
    }
}
