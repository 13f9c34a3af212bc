using Spindle.Testing;

namespace Spindle.Server.Tests.Runs;

/// <summary>
/// Metadata set on a run or on its answer while the run executes is the user's, and every later write of the run keeps
/// it, as on OpenAI; the answer the run writes is kept whole. Run against SQLite and PostgreSQL.
/// </summary>
public abstract class MetadataDuringRunContract(SpindleFixture spindle)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_and_message_metadata_set_mid_stream_survive_the_runs_completion()
    {
        var gate = new ChunkGate();
        spindle.Upstream.Enqueue(Script.Reply("Partial ", "answer, ", "then the rest.").HoldEachChunkUntil(gate.WaitAsync));
        var (assistant, thread) = await spindle.SeedAsync(Ct);
        var stream = spindle.PostSseAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", Ct);
        var (runId, messageId) = await OpenAnswerAsync(thread);

        var run = await spindle.PostAsync($"/v1/threads/{thread}/runs/{runId}", """{"metadata":{"k":"run, mid-stream"}}""", Ct);
        var message = await spindle.PostAsync($"/v1/threads/{thread}/messages/{messageId}", """{"metadata":{"k":"message, mid-stream"}}""", Ct);
        Assert.Equal(("in_progress", "run, mid-stream"), (run.Json.GetProperty("status").GetString(), Metadata(run)));
        Assert.Equal("message, mid-stream", Metadata(message));
        gate.ReleaseAll();
        var events = await stream;

        // The last events carry what is stored, so a client that reads only the stream sees the metadata too.
        var completed = events.Single(e => e.Event == "thread.run.completed");
        Assert.Equal("run, mid-stream", completed.Json.GetProperty("metadata").GetProperty("k").GetString());
        var messageCompleted = events.Single(e => e.Event == "thread.message.completed");
        Assert.Equal("message, mid-stream", messageCompleted.Json.GetProperty("metadata").GetProperty("k").GetString());

        run = await spindle.GetAsync($"/v1/threads/{thread}/runs/{runId}", Ct);
        Assert.Equal(("completed", "run, mid-stream"), (run.Json.GetProperty("status").GetString(), Metadata(run)));
        message = await spindle.GetAsync($"/v1/threads/{thread}/messages/{messageId}", Ct);
        Assert.Equal(("completed", "message, mid-stream"), (message.Json.GetProperty("status").GetString(), Metadata(message)));
        Assert.Equal("Partial answer, then the rest.", Text(message));
    }

    [Fact]
    public async Task Message_metadata_set_mid_stream_survives_a_cancel_with_the_partial_answer()
    {
        var gate = new ChunkGate();
        spindle.Upstream.Enqueue(Script.Reply("Partial ", "never sent").HoldEachChunkUntil(gate.WaitAsync));
        var (assistant, thread) = await spindle.SeedAsync(Ct);
        await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", Ct);
        var (runId, messageId) = await OpenAnswerAsync(thread);

        await spindle.PostAsync($"/v1/threads/{thread}/messages/{messageId}", """{"metadata":{"k":"kept"}}""", Ct);
        await spindle.PostAsync($"/v1/threads/{thread}/runs/{runId}", """{"metadata":{"k":"kept too"}}""", Ct);
        await spindle.PostAsync($"/v1/threads/{thread}/runs/{runId}/cancel", "", Ct);
        var run = await spindle.WaitForRunAsync(thread, runId, Ct);
        gate.ReleaseAll();

        Assert.Equal(("cancelled", "kept too"), (run.Json.GetProperty("status").GetString(), Metadata(run)));
        var message = await spindle.GetAsync($"/v1/threads/{thread}/messages/{messageId}", Ct);
        Assert.Equal(("incomplete", "kept"), (message.Json.GetProperty("status").GetString(), Metadata(message)));
        Assert.Equal("Partial ", Text(message));
    }

    // Polls until the run has opened its answer, which it keeps open while the gate holds the stream.
    private async Task<(string RunId, string MessageId)> OpenAnswerAsync(string thread)
    {
        while (true)
        {
            var newest = (await spindle.GetAsync($"/v1/threads/{thread}/messages?limit=1", Ct)).Json.GetProperty("data")[0];
            if (newest.GetProperty("role").GetString() == "assistant")
            {
                return (newest.GetProperty("run_id").GetString()!, newest.GetProperty("id").GetString()!);
            }

            await Task.Delay(20, Ct);
        }
    }

    private static string? Metadata(Reply reply) => reply.Json.GetProperty("metadata").GetProperty("k").GetString();

    private static string? Text(Reply message) => message.Json.GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString();
}
