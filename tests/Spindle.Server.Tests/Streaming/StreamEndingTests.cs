using System.Net;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Server.Tests.Streaming;

/// <summary>Streams that end without completing: a cancel and an upstream failure (ASSISTANTS_API.md §5.1, §6.5 (e)).</summary>
public sealed class StreamEndingTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Cancel_during_a_stream_closes_the_message_and_step_then_ends_the_run_cancelled()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new ChunkGate();
        spindle.Upstream.Enqueue(Script.Reply("one ", "two ", "three").HoldEachChunkUntil(gate.WaitAsync));
        var (assistant, thread) = await spindle.SeedAsync(ct);

        try
        {
            await using var stream = await LiveStream.PostAsync(spindle.Http, $"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);
            var runId = (await stream.NextAsync("thread.run.created")).Json.GetProperty("id").GetString()!;
            await stream.NextAsync("thread.message.delta");

            // The upstream now holds chunk 1 until released, so the run is mid-message when the cancel lands.
            var cancel = await spindle.PostAsync($"/v1/threads/{thread}/runs/{runId}/cancel", "{}", stream.Token);
            Assert.Equal(HttpStatusCode.OK, cancel.Status);
            Assert.Equal("cancelling", cancel.Json.GetProperty("status").GetString());

            var events = await stream.ToEndAsync();
            Assert.Equal(StreamAssert.CancelledAfterFirstDelta, events.Select(e => e.Event));
            Assert.Equal(StreamAssert.Done, events[^1].Data);

            var message = events.Single(e => e.Event == "thread.message.incomplete").Json;
            Assert.Equal("incomplete", message.GetProperty("status").GetString());
            Assert.Equal("run_cancelled", message.GetProperty("incomplete_details").GetProperty("reason").GetString());
            Assert.Equal("one ", StreamAssert.Text(message));
            var step = events.Single(e => e.Event == "thread.run.step.cancelled").Json;
            Assert.Equal("cancelled", step.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Number, step.GetProperty("cancelled_at").ValueKind);
            var cancelled = events.Single(e => e.Event == "thread.run.cancelled").Json;
            Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Number, cancelled.GetProperty("cancelled_at").ValueKind);

            var run = await spindle.GetAsync($"/v1/threads/{thread}/runs/{runId}", ct);
            Assert.Equal("cancelled", run.Json.GetProperty("status").GetString());
            StreamAssert.SameObject(cancelled, run.Json);
            var stored = await spindle.GetAsync($"/v1/threads/{thread}/messages/{message.GetProperty("id").GetString()}", ct);
            StreamAssert.SameObject(message, stored.Json);
        }
        finally
        {
            gate.ReleaseAll();
        }
    }

    [Fact]
    public async Task Upstream_failure_mid_stream_fails_the_step_and_run_and_the_server_keeps_serving()
    {
        var ct = TestContext.Current.CancellationToken;
        // The gate makes the abort wait until both deltas reached this client, so no chunk is lost to the abort.
        var gate = new ChunkGate();
        spindle.Upstream.Enqueue(Script.Reply("alpha ", "beta ", "gamma").FailAfter(2).HoldEachChunkUntil(gate.WaitAsync));
        var (assistant, thread) = await spindle.SeedAsync(ct);

        List<SseEvent> events;
        try
        {
            await using var stream = await LiveStream.PostAsync(spindle.Http, $"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);
            await stream.NextAsync("thread.message.delta");
            gate.Release();
            await stream.NextAsync("thread.message.delta");
            gate.Release();
            events = await stream.ToEndAsync();
        }
        finally
        {
            gate.ReleaseAll();
        }

        // The open message ends incomplete (run_failed) before its step fails (§5.1).
        Assert.Equal(
        [
            .. StreamAssert.RunStart, "thread.run.step.created", "thread.run.step.in_progress",
            "thread.message.created", "thread.message.in_progress", "thread.message.delta", "thread.message.delta",
            "thread.message.incomplete", "thread.run.step.failed", "thread.run.failed", "done",
        ], events.Select(e => e.Event));
        Assert.Equal(StreamAssert.Done, events[^1].Data);

        JsonElement Single(string name) => events.Single(e => e.Event == name).Json;
        var message = Single("thread.message.incomplete");
        Assert.Equal("run_failed", message.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal("alpha beta ", StreamAssert.Text(message));
        var step = Single("thread.run.step.failed");
        Assert.Equal("failed", step.GetProperty("status").GetString());
        Assert.Equal("server_error", step.GetProperty("last_error").GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Number, step.GetProperty("failed_at").ValueKind);
        var failed = Single("thread.run.failed");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var error = failed.GetProperty("last_error");
        Assert.Equal("server_error", error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.Number, failed.GetProperty("failed_at").ValueKind);
        var run = await spindle.GetAsync($"/v1/threads/{thread}/runs/{failed.GetProperty("id").GetString()}", ct);
        StreamAssert.SameObject(failed, run.Json);

        spindle.Upstream.Enqueue(Script.Reply("Still here."));
        var (_, other) = await spindle.SeedAsync(ct);
        var next = await SseTranscript.PostAsync(spindle.Http, $"/v1/threads/{other}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);
        Assert.Equal([.. StreamAssert.RunStart, .. StreamAssert.TextStep(2), "thread.run.completed", "done"], next.Names);
    }

    [Fact]
    public async Task Upstream_error_before_any_chunk_fails_the_run_without_opening_a_step()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Error(500, "The upstream is on fire."));
        var (assistant, thread) = await spindle.SeedAsync(ct);

        var sse = await SseTranscript.PostAsync(spindle.Http, $"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);

        Assert.Equal([.. StreamAssert.RunStart, "thread.run.failed", "done"], sse.Names);
        var error = sse.Single("thread.run.failed").GetProperty("last_error");
        Assert.Equal("server_error", error.GetProperty("code").GetString());
        Assert.Contains("The upstream is on fire.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
