using System.Net;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Server.Tests.Runs;

public sealed class RunLifecycleTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task A_completed_run_has_OpenAI_timestamps_usage_and_one_message_step()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("x = 1/4").WithUsage(40, 5));
        var (assistant, thread) = await spindle.SeedAsync(ct);

        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$$"""{"assistant_id":"{{{assistant}}}","metadata":{"k":"v"}}""", ct);
        var json = created.Json;
        Assert.StartsWith("run_", created.Id);
        Assert.Equal("thread.run", json.GetProperty("object").GetString());
        Assert.Equal(json.GetProperty("created_at").GetInt64() + 600, json.GetProperty("expires_at").GetInt64());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("started_at").ValueKind);
        Assert.Equal("auto", json.GetProperty("tool_choice").GetString());
        Assert.Equal("auto", json.GetProperty("truncation_strategy").GetProperty("type").GetString());
        Assert.True(json.GetProperty("parallel_tool_calls").GetBoolean());

        var run = (await spindle.WaitForRunAsync(thread, created.Id, ct)).Json;
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("expires_at").ValueKind);
        Assert.True(run.GetProperty("completed_at").GetInt64() >= run.GetProperty("started_at").GetInt64());
        Assert.Equal(45, run.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal("v", run.GetProperty("metadata").GetProperty("k").GetString());

        var steps = (await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}/steps", ct)).Json.GetProperty("data");
        var step = Assert.Single(steps.EnumerateArray());
        var messageId = step.GetProperty("step_details").GetProperty("message_creation").GetProperty("message_id").GetString()!;
        var stepGet = await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}/steps/{step.GetProperty("id").GetString()}", ct);
        Assert.Equal("thread.run.step", stepGet.Json.GetProperty("object").GetString());

        var message = (await spindle.GetAsync($"/v1/threads/{thread}/messages/{messageId}", ct)).Json;
        Assert.Equal(created.Id, message.GetProperty("run_id").GetString());
        Assert.Equal(assistant, message.GetProperty("assistant_id").GetString());
        Assert.Equal("completed", message.GetProperty("status").GetString());

        var byRun = (await spindle.GetAsync($"/v1/threads/{thread}/messages?run_id={created.Id}", ct)).Json.GetProperty("data");
        Assert.Equal(messageId, Assert.Single(byRun.EnumerateArray()).GetProperty("id").GetString());

        var runs = (await spindle.GetAsync($"/v1/threads/{thread}/runs", ct)).Json;
        Assert.Equal(created.Id, runs.GetProperty("first_id").GetString());
        var listed = Assert.Single(runs.GetProperty("data").EnumerateArray()).GetRawText();
        Assert.Equal((await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}", ct)).Body, listed);

        var modified = await spindle.PostAsync($"/v1/threads/{thread}/runs/{created.Id}", """{"metadata":{"k":"w"}}""", ct);
        Assert.Equal("w", modified.Json.GetProperty("metadata").GetProperty("k").GetString());
        Assert.Equal("completed", modified.Json.GetProperty("status").GetString());
    }

    // Nothing in the process orders the creation of runs and messages on a thread: the store's write decides, a unique
    // index for a run and the insert's own look for a message. So of runs created at once one is made, and a message
    // is either added before it, and in its prompt, or refused while it is active.
    [Fact]
    public async Task Of_runs_and_messages_created_at_once_on_a_thread_one_run_is_made_and_its_prompt_has_every_added_message()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread) = await spindle.SeedAsync(ct);
        var held = new TaskCompletionSource();
        spindle.Upstream.Enqueue(Script.Reply("held").HoldEachChunkUntil(_ => held.Task));

        var replies = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => i % 2 == 0
            ? spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct)
            : spindle.PostAsync($"/v1/threads/{thread}/messages", $$"""{"role":"user","content":"m{{i}}"}""", ct)));
        var runs = replies.Where((_, i) => i % 2 == 0).ToList();
        var messages = replies.Where((_, i) => i % 2 == 1).ToList();
        var run = Assert.Single(runs, r => r.Status == HttpStatusCode.OK);
        Assert.All(runs.Where(r => r != run).Concat(messages.Where(m => m.Status != HttpStatusCode.OK)), r =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.Status);
            Assert.Contains(run.Id, r.Error.GetProperty("message").GetString());
        });
        held.SetResult();
        Assert.Equal("completed", (await spindle.WaitForRunAsync(thread, run.Id, ct)).Json.GetProperty("status").GetString());

        var prompt = spindle.Upstream.Requests[^1].Json.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").ToString()).ToList();
        var added = messages.Where(m => m.Status == HttpStatusCode.OK).Select(m => m.Json.GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString());
        Assert.Equal(added.Order(), prompt.Where(c => c.StartsWith('m')).Order());
    }

    [Fact]
    public async Task Overrides_and_additional_messages_reach_the_upstream()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread) = await spindle.SeedAsync(ct, instructions: "Base instructions.");
        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$$"""
            {"assistant_id":"{{{assistant}}}","model":"fake-model","additional_instructions":"Be brief.","temperature":0.2,"top_p":0.5,
             "max_completion_tokens":300,"additional_messages":[{"role":"user","content":"And 2x = 4?"}],
             "response_format":{"type":"json_object"}}
            """, ct);
        Assert.Equal("Base instructions.\n\nBe brief.", created.Json.GetProperty("instructions").GetString());
        await spindle.WaitForRunAsync(thread, created.Id, ct);

        var request = spindle.Upstream.Requests[^1].Json;
        Assert.Equal("fake-model", request.GetProperty("model").GetString());
        Assert.Equal(0.2, request.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(0.5, request.GetProperty("top_p").GetDouble(), 3);
        Assert.Equal("json_object", request.GetProperty("response_format").GetProperty("type").GetString());
        var messages = request.GetProperty("messages");
        Assert.Equal("Base instructions.\n\nBe brief.", messages[0].GetProperty("content").ToString());
        Assert.Contains("And 2x = 4?", messages[messages.GetArrayLength() - 1].GetProperty("content").ToString());
    }

    [Fact]
    public async Task Truncation_last_messages_sends_only_the_newest_messages()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread) = await spindle.SeedAsync(ct);
        foreach (var text in new[] { "two", "three", "four" })
        {
            await spindle.PostAsync($"/v1/threads/{thread}/messages", $$$"""{"role":"user","content":"{{{text}}}"}""", ct);
        }

        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs",
            $$$"""{"assistant_id":"{{{assistant}}}","truncation_strategy":{"type":"last_messages","last_messages":2}}""", ct);
        await spindle.WaitForRunAsync(thread, created.Id, ct);

        var messages = spindle.Upstream.Requests[^1].Json.GetProperty("messages");
        Assert.Equal(["system", "user", "user"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Contains("four", messages[2].GetProperty("content").ToString());
    }

    [Fact]
    public async Task Hitting_max_completion_tokens_ends_the_run_incomplete()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("A long answer cut").WithFinishReason("length"));
        var (assistant, thread) = await spindle.SeedAsync(ct);
        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$$"""{"assistant_id":"{{{assistant}}}","max_completion_tokens":256}""", ct);

        var run = (await spindle.WaitForRunAsync(thread, created.Id, ct)).Json;
        Assert.Equal("incomplete", run.GetProperty("status").GetString());
        Assert.Equal("max_completion_tokens", run.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal(256, spindle.Upstream.Requests[^1].Json.GetProperty("max_completion_tokens").GetInt32());

        var message = (await spindle.GetAsync($"/v1/threads/{thread}/messages?run_id={created.Id}", ct)).Json.GetProperty("data")[0];
        Assert.Equal("incomplete", message.GetProperty("status").GetString());
        Assert.Equal("max_tokens", message.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal("A long answer cut", message.GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_prompt_over_max_prompt_tokens_ends_the_run_incomplete_without_calling_the_model()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread) = await spindle.SeedAsync(ct, instructions: string.Join(' ', Enumerable.Repeat("instruction", 600)));
        var before = spindle.Upstream.Requests.Count;
        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$$"""{"assistant_id":"{{{assistant}}}","max_prompt_tokens":256}""", ct);

        var run = (await spindle.WaitForRunAsync(thread, created.Id, ct)).Json;
        Assert.Equal("incomplete", run.GetProperty("status").GetString());
        Assert.Equal("max_prompt_tokens", run.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal(before, spindle.Upstream.Requests.Count);
    }

    [Fact]
    public async Task An_upstream_error_fails_the_run_with_last_error_and_frees_the_thread()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Error(429, "Slow down"));
        var (assistant, thread) = await spindle.SeedAsync(ct);
        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$$"""{"assistant_id":"{{{assistant}}}"}""", ct);

        var run = (await spindle.WaitForRunAsync(thread, created.Id, ct)).Json;
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal("rate_limit_exceeded", run.GetProperty("last_error").GetProperty("code").GetString());
        Assert.Contains("Slow down", run.GetProperty("last_error").GetProperty("message").GetString());
        Assert.True(run.GetProperty("failed_at").GetInt64() > 0);

        var next = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$$"""{"assistant_id":"{{{assistant}}}"}""", ct);
        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.Equal("completed", (await spindle.WaitForRunAsync(thread, next.Id, ct)).Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancelling_an_in_progress_run_stops_the_model_and_keeps_what_it_said()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new ChunkGate();
        spindle.Upstream.Enqueue(Script.Reply("Partial ", "answer ", "never sent").HoldEachChunkUntil(gate.WaitAsync));
        var (assistant, thread) = await spindle.SeedAsync(ct);
        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$$"""{"assistant_id":"{{{assistant}}}"}""", ct);

        Reply messages;
        do
        {
            await Task.Delay(20, ct);
            messages = await spindle.GetAsync($"/v1/threads/{thread}/messages?run_id={created.Id}", ct);
        }
        while (messages.Json.GetProperty("data").GetArrayLength() == 0);

        var second = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$$"""{"assistant_id":"{{{assistant}}}"}""", ct);
        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Contains("already has an active run", second.Error.GetProperty("message").GetString());

        var cancelling = await spindle.PostAsync($"/v1/threads/{thread}/runs/{created.Id}/cancel", "", ct);
        Assert.Equal("cancelling", cancelling.Json.GetProperty("status").GetString());
        var run = (await spindle.WaitForRunAsync(thread, created.Id, ct)).Json;
        gate.ReleaseAll();
        Assert.Equal("cancelled", run.GetProperty("status").GetString());

        var message = (await spindle.GetAsync($"/v1/threads/{thread}/messages?run_id={created.Id}", ct)).Json.GetProperty("data")[0];
        Assert.Equal("incomplete", message.GetProperty("status").GetString());
        Assert.Equal("run_cancelled", message.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal("Partial ", message.GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString());
        var step = (await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}/steps", ct)).Json.GetProperty("data")[0];
        Assert.Equal("cancelled", step.GetProperty("status").GetString());

        var again = await spindle.PostAsync($"/v1/threads/{thread}/runs/{created.Id}/cancel", "", ct);
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
    }

    [Fact]
    public async Task Create_thread_and_run_seeds_the_thread_and_runs_it()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("Hi there"));
        var (assistant, _) = await spindle.SeedAsync(ct);
        var created = await spindle.PostAsync("/v1/threads/runs",
            $$$$"""{"assistant_id":"{{{{assistant}}}}","thread":{"messages":[{"role":"user","content":"Hello"}],"metadata":{"from":"test"}}}""", ct);
        var thread = created.Json.GetProperty("thread_id").GetString()!;

        var run = (await spindle.WaitForRunAsync(thread, created.Id, ct)).Json;
        Assert.Equal("completed", run.GetProperty("status").GetString());
        var threadJson = (await spindle.GetAsync($"/v1/threads/{thread}", ct)).Json;
        Assert.Equal("test", threadJson.GetProperty("metadata").GetProperty("from").GetString());
        var texts = (await spindle.GetAsync($"/v1/threads/{thread}/messages?order=asc", ct)).Json.GetProperty("data").EnumerateArray()
            .Select(m => m.GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString());
        Assert.Equal(["Hello", "Hi there"], texts);
    }
}
