using System.Net;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Server.Tests.Streaming;

/// <summary>A plain text answer streamed from both run-creating endpoints (ASSISTANTS_API.md §6.5 (a)).</summary>
public sealed class TextStreamTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    // Non-ASCII, an astral emoji (a surrogate pair), JSON-escaped quotes and backslash, a newline and a tab:
    // whatever the JSON writer escapes, the decoded text must survive unchanged.
    private const string Answer = "Héllo \"friend\" 👋🏽 — x = 1/4\nsecond\tline \\ ünïcödé 日本語 <b>&amp;</b> done.";

    [Fact]
    public async Task Streamed_text_run_sends_the_exact_event_sequence_and_agrees_with_the_stored_objects()
    {
        var ct = TestContext.Current.CancellationToken;
        var words = Answer.Split(' ');
        string[] chunks = [.. words[..^1].Select(w => w + " "), words[^1]];
        spindle.Upstream.Enqueue(Script.Reply(Answer));
        var (assistant, thread) = await spindle.SeedAsync(ct);

        var sse = await SseTranscript.PostAsync(spindle.Http, $"/v1/threads/{thread}/runs",
            $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);

        Assert.Equal(HttpStatusCode.OK, sse.Status);
        Assert.Equal("text/event-stream; charset=utf-8", sse.ContentType);
        Assert.Equal([.. StreamAssert.RunStart, .. StreamAssert.TextStep(chunks.Length), "thread.run.completed", "done"], sse.Names);
        Assert.Equal(StreamAssert.Done, sse.Events[^1].Data);

        var created = sse.Single("thread.run.created");
        var runId = created.GetProperty("id").GetString()!;
        Assert.Equal("thread.run", created.GetProperty("object").GetString());
        Assert.Equal("queued", created.GetProperty("status").GetString());
        Assert.Equal(thread, created.GetProperty("thread_id").GetString());
        StreamAssert.IsNull(created, "started_at");
        StreamAssert.IsNull(created, "usage");
        StreamAssert.IsNull(created, "required_action");
        Assert.Equal(StreamAssert.Time(created, "created_at") + 600, StreamAssert.Time(created, "expires_at"));
        Assert.Equal("queued", sse.Single("thread.run.queued").GetProperty("status").GetString());
        var inProgress = sse.Single("thread.run.in_progress");
        Assert.Equal("in_progress", inProgress.GetProperty("status").GetString());
        var startedAt = StreamAssert.Time(inProgress, "started_at");
        Assert.True(startedAt >= StreamAssert.Time(created, "created_at"));
        Assert.All(sse.Events.Where(e => e.Event.StartsWith("thread.run.", StringComparison.Ordinal) && !e.Event.StartsWith("thread.run.step.", StringComparison.Ordinal)),
            e => Assert.Equal(runId, e.Json.GetProperty("id").GetString()));

        var stepCreated = sse.Single("thread.run.step.created");
        var stepId = stepCreated.GetProperty("id").GetString()!;
        Assert.Equal("message_creation", stepCreated.GetProperty("type").GetString());
        Assert.Equal("in_progress", stepCreated.GetProperty("status").GetString());
        Assert.Equal(runId, stepCreated.GetProperty("run_id").GetString());
        StreamAssert.IsNull(stepCreated, "usage");
        var messageId = stepCreated.GetProperty("step_details").GetProperty("message_creation").GetProperty("message_id").GetString()!;
        Assert.Equal(stepId, sse.Single("thread.run.step.in_progress").GetProperty("id").GetString());

        var messageCreated = sse.Single("thread.message.created");
        Assert.Equal(messageId, messageCreated.GetProperty("id").GetString());
        Assert.Equal("assistant", messageCreated.GetProperty("role").GetString());
        Assert.Equal("in_progress", messageCreated.GetProperty("status").GetString());
        Assert.Equal("[]", messageCreated.GetProperty("content").GetRawText());
        Assert.Equal("[]", messageCreated.GetProperty("attachments").GetRawText());
        Assert.Equal(assistant, messageCreated.GetProperty("assistant_id").GetString());
        Assert.Equal(runId, messageCreated.GetProperty("run_id").GetString());
        StreamAssert.IsNull(messageCreated, "completed_at");
        Assert.Equal(messageId, sse.Single("thread.message.in_progress").GetProperty("id").GetString());

        var streamed = StreamAssert.TextDeltas(sse.Events, messageId);
        Assert.Equal(Answer, streamed);
        Assert.Equal(chunks, sse.All("thread.message.delta").Select(d => d.GetProperty("delta").GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString()));

        var messageCompleted = sse.Single("thread.message.completed");
        Assert.Equal(messageId, messageCompleted.GetProperty("id").GetString());
        Assert.Equal("completed", messageCompleted.GetProperty("status").GetString());
        Assert.Equal(Answer, StreamAssert.Text(messageCompleted));
        Assert.Equal("[]", messageCompleted.GetProperty("content")[0].GetProperty("text").GetProperty("annotations").GetRawText());
        var completedAt = StreamAssert.Time(messageCompleted, "completed_at");

        var stepCompleted = sse.Single("thread.run.step.completed");
        Assert.Equal(stepId, stepCompleted.GetProperty("id").GetString());
        Assert.Equal("completed", stepCompleted.GetProperty("status").GetString());
        Assert.True(StreamAssert.Time(stepCompleted, "completed_at") >= completedAt);
        Assert.True(stepCompleted.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);

        var runCompleted = sse.Single("thread.run.completed");
        Assert.Equal("completed", runCompleted.GetProperty("status").GetString());
        Assert.Equal(startedAt, StreamAssert.Time(runCompleted, "started_at"));
        Assert.True(StreamAssert.Time(runCompleted, "completed_at") >= completedAt);
        StreamAssert.IsNull(runCompleted, "expires_at");
        Assert.True(runCompleted.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);

        var run = await spindle.GetAsync($"/v1/threads/{thread}/runs/{runId}", ct);
        StreamAssert.SameObject(runCompleted, run.Json);
        var message = await spindle.GetAsync($"/v1/threads/{thread}/messages/{messageId}", ct);
        StreamAssert.SameObject(messageCompleted, message.Json);
        Assert.Equal(Answer, StreamAssert.Text(message.Json));
        var step = await spindle.GetAsync($"/v1/threads/{thread}/runs/{runId}/steps/{stepId}", ct);
        StreamAssert.SameObject(stepCompleted, step.Json);
    }

    [Fact]
    public async Task Streamed_create_and_run_starts_with_the_thread_it_created()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("Sure, x = 1/4."));
        var (assistant, _) = await spindle.SeedAsync(ct);

        var sse = await SseTranscript.PostAsync(spindle.Http, "/v1/threads/runs",
            $$"""{"assistant_id":"{{assistant}}","thread":{"messages":[{"role":"user","content":"Solve 8x + 12 = 14."}]},"stream":true}""", ct);

        Assert.Equal(HttpStatusCode.OK, sse.Status);
        Assert.Equal("text/event-stream; charset=utf-8", sse.ContentType);
        Assert.Equal(["thread.created", .. StreamAssert.RunStart, .. StreamAssert.TextStep(4), "thread.run.completed", "done"], sse.Names);

        var thread = sse.Events[0].Json;
        var threadId = thread.GetProperty("id").GetString()!;
        Assert.Equal("thread", thread.GetProperty("object").GetString());
        Assert.All(sse.Events.Where(e => e.Event.StartsWith("thread.run.", StringComparison.Ordinal) || e.Event.StartsWith("thread.message.", StringComparison.Ordinal))
                .Where(e => e.Event != "thread.message.delta" && e.Event != "thread.run.step.delta"),
            e => Assert.Equal(threadId, e.Json.GetProperty("thread_id").GetString()));

        var fetched = await spindle.GetAsync($"/v1/threads/{threadId}", ct);
        StreamAssert.SameObject(thread, fetched.Json);
        var messages = await spindle.GetAsync($"/v1/threads/{threadId}/messages?order=asc", ct);
        var data = messages.Json.GetProperty("data");
        Assert.Equal(["user", "assistant"], data.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Sure, x = 1/4.", StreamAssert.Text(data[1]));
        Assert.Equal(JsonValueKind.String, data[1].GetProperty("run_id").ValueKind);
    }
}
