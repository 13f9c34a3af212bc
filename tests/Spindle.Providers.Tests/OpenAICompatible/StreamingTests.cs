using Spindle.Core.Upstream;
using Spindle.Testing;

namespace Spindle.Providers.Tests.OpenAICompatible;

public sealed class StreamingTests : ModelClientTests
{
    [Fact]
    public async Task Text_chunks_become_text_deltas_in_order_and_end_with_one_finished()
    {
        var ct = TestContext.Current.CancellationToken;
        Upstream.Enqueue(Script.Reply("Hello ", "brave ", "new ", "world."));

        var updates = await Client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct);

        Assert.Equal(["Hello ", "brave ", "new ", "world."], updates.OfType<ModelUpdate.TextDelta>().Select(d => d.Text));
        Assert.IsType<ModelUpdate.Finished>(updates[^1]);
        Assert.Single(updates.OfType<ModelUpdate.Finished>());
    }

    [Fact]
    public async Task The_default_reply_arrives_in_several_deltas_that_concatenate_to_it()
    {
        var ct = TestContext.Current.CancellationToken;

        var updates = await Client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct);

        var deltas = updates.OfType<ModelUpdate.TextDelta>().Select(d => d.Text).ToList();
        Assert.True(deltas.Count > 1);
        Assert.Equal("Hello from the fake upstream.", string.Concat(deltas));
        Assert.Equal("stop", Assert.IsType<ModelUpdate.Finished>(updates[^1]).FinishReason);
    }

    [Fact]
    public async Task Each_text_delta_is_yielded_before_the_next_chunk_is_even_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var gate = new ChunkGate();
        Upstream.Enqueue(Script.Reply("one ", "two ", "three").HoldEachChunkUntil(gate.WaitAsync));

        List<string> seen = [];
        await foreach (var update in Client.StreamAsync(Requests.SayHi(), timeout.Token))
        {
            if (update is ModelUpdate.TextDelta delta)
            {
                seen.Add(delta.Text);
                gate.Release();
            }
        }

        Assert.Equal(["one ", "two ", "three"], seen);
    }

    [Fact]
    public async Task Tool_call_argument_pieces_are_yielded_one_by_one_as_they_arrive()
    {
        var ct = TestContext.Current.CancellationToken;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var gate = new ChunkGate();
        Upstream.Enqueue(Script.ToolCalls(("call_1", "get_weather", """{"city":"Paris"}""")).HoldEachChunkUntil(gate.WaitAsync));

        // Piece k+1 is only sent after this loop saw delta k, so a client that buffered arguments would hang here.
        List<ModelUpdate.ToolCallDelta> seen = [];
        await foreach (var update in Client.StreamAsync(Requests.SayHi(), timeout.Token))
        {
            if (update is ModelUpdate.ToolCallDelta delta)
            {
                seen.Add(delta);
                gate.Release();
            }
        }

        Assert.Equal(
            [
                new ModelUpdate.ToolCallDelta(0, "call_1", "get_weather", ""),
                new ModelUpdate.ToolCallDelta(0, null, null, """{"city":"""),
                new ModelUpdate.ToolCallDelta(0, null, null, "\"Paris\"}"),
            ],
            seen);
    }

    [Fact]
    public async Task Parallel_tool_calls_keep_their_indices_ids_and_arguments()
    {
        var ct = TestContext.Current.CancellationToken;
        Upstream.Enqueue(Script.ToolCalls(
            ("call_a", "get_weather", """{"city":"Paris"}"""),
            ("call_b", "get_time", """{"zone":"Europe/Paris"}""")));

        var updates = await Client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct);

        var calls = updates.OfType<ModelUpdate.ToolCallDelta>().GroupBy(d => d.Index).ToDictionary(
            g => g.Key,
            g => (Id: g.First().Id, Name: g.First().Name, Arguments: string.Concat(g.Select(d => d.ArgumentsDelta)), Pieces: g.Count()));
        Assert.Equal(("call_a", "get_weather", """{"city":"Paris"}"""), (calls[0].Id, calls[0].Name, calls[0].Arguments));
        Assert.Equal(("call_b", "get_time", """{"zone":"Europe/Paris"}"""), (calls[1].Id, calls[1].Name, calls[1].Arguments));
        Assert.All(calls.Values, c => Assert.True(c.Pieces >= 3));
        Assert.Equal("tool_calls", Assert.IsType<ModelUpdate.Finished>(updates[^1]).FinishReason);
    }

    [Fact]
    public async Task Usage_and_finish_reason_land_in_finished()
    {
        var ct = TestContext.Current.CancellationToken;
        Upstream.Enqueue(Script.Reply("Cut ", "short").WithUsage(12, 34).WithFinishReason("length"));

        var updates = await Client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct);

        Assert.Equal(new ModelUpdate.Finished("length", new ModelUsage(12, 34)), updates[^1]);
    }

    [Fact]
    public async Task Finished_carries_no_usage_when_the_upstream_sent_none()
    {
        var ct = TestContext.Current.CancellationToken;
        Upstream.Enqueue(Script.Reply("Hi").WithoutUsage());

        var updates = await Client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct);

        Assert.Equal(new ModelUpdate.Finished("stop", null), updates[^1]);
    }

    [Fact]
    public async Task Content_filter_finish_reason_is_reported_in_lower_case()
    {
        var ct = TestContext.Current.CancellationToken;
        Upstream.Enqueue(Script.Reply("Hmm").WithFinishReason("content_filter"));

        var updates = await Client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct);

        Assert.Equal("content_filter", Assert.IsType<ModelUpdate.Finished>(updates[^1]).FinishReason);
    }

    [Fact]
    public async Task Cancelling_the_caller_token_mid_stream_throws_cancellation_not_a_model_error()
    {
        var gate = new ChunkGate();
        Upstream.Enqueue(Script.Reply("first ", "never").HoldEachChunkUntil(gate.WaitAsync));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in Client.StreamAsync(Requests.SayHi(), cancellation.Token))
            {
                if (update is ModelUpdate.TextDelta)
                    await cancellation.CancelAsync();
            }
        });

        Assert.IsNotType<ModelException>(error.InnerException);
    }
}
