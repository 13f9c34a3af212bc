using Spindle.Testing;

namespace Spindle.Server.Tests.Streaming;

/// <summary>
/// Deltas reach the client as the model produces them, and the client's connection never owns the run
/// (STYLE.md convention 8). Proven with gates, not timings.
/// </summary>
public sealed class StreamDeliveryTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private static readonly string[] Chunks = ["Each ", "delta ", "arrives ", "before ", "the ", "next ", "is sent."];

    [Fact]
    public async Task Each_delta_reaches_the_client_before_the_upstream_sends_the_next_chunk()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new ChunkGate();
        spindle.Upstream.Enqueue(Script.Reply(Chunks).HoldEachChunkUntil(gate.WaitAsync));
        var (assistant, thread) = await spindle.SeedAsync(ct);

        try
        {
            // Chunk k + 1 leaves the upstream only once this loop has seen delta k: if Spindle buffered anywhere
            // between the upstream and this socket, the loop would wait forever and fail at the deadline.
            await using var stream = await LiveStream.PostAsync(spindle.Http, $"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);
            for (var k = 0; k < Chunks.Length; k++)
            {
                var delta = await stream.NextAsync("thread.message.delta");
                Assert.Equal(Chunks[k], delta.Json.GetProperty("delta").GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString());
                gate.Release();
            }

            var events = await stream.ToEndAsync();
            Assert.Equal([.. StreamAssert.RunStart, .. StreamAssert.TextStep(Chunks.Length), "thread.run.completed", "done"], events.Select(e => e.Event));
        }
        finally
        {
            gate.ReleaseAll();
        }
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_stops_its_writer_but_not_the_run()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new ChunkGate();
        spindle.Upstream.Enqueue(Script.Reply(Chunks).HoldEachChunkUntil(gate.WaitAsync));
        var (assistant, thread) = await spindle.SeedAsync(ct);

        // A client of its own that closes the socket at once instead of draining the rest of the body.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = spindle.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new("Bearer", SpindleFixture.KeyA);
        client.DefaultRequestHeaders.Add("OpenAI-Beta", "assistants=v2");
        using var connectionEnds = new ConnectionEnds(spindle.BaseUrl.Port);

        string runId;
        try
        {
            await using (var stream = await LiveStream.PostAsync(client, $"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct))
            {
                runId = (await stream.NextAsync("thread.run.created")).Json.GetProperty("id").GetString()!;
                await stream.NextAsync("thread.message.delta");
            }

            // The upstream is still held, so the server can only have ended this request by noticing the disconnect.
            await connectionEnds.Ended.WaitAsync(LiveStream.Deadline, ct);
        }
        finally
        {
            gate.ReleaseAll();
        }

        var run = await spindle.WaitForRunAsync(thread, runId, ct);
        Assert.Equal("completed", run.Json.GetProperty("status").GetString());
        var messages = await spindle.GetAsync($"/v1/threads/{thread}/messages?run_id={runId}", ct);
        var message = Assert.Single(messages.Json.GetProperty("data").EnumerateArray());
        Assert.Equal("completed", message.GetProperty("status").GetString());
        Assert.Equal(string.Concat(Chunks), StreamAssert.Text(message));
    }
}
