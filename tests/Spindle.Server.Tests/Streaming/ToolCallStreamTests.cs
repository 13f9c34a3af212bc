using System.Net;
using System.Text;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Server.Tests.Streaming;

/// <summary>
/// Function calls streamed as step deltas, the <c>requires_action</c> pause, and the resumed stream of
/// <c>submit_tool_outputs</c> (ASSISTANTS_API.md §6.3, §6.5 (b), §7.2 R3, §7.3 O4, O7, O9).
/// </summary>
public sealed class ToolCallStreamTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string Tools = """
        [{"type":"function","function":{"name":"get_weather","description":"Weather in a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
         {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{"tz":{"type":"string"}}}}}]
        """;

    // Set to a file path to keep the raw transcript of both streams (used for the report's golden sample).
    private static readonly string? TranscriptPath = Environment.GetEnvironmentVariable("SPINDLE_SSE_TRANSCRIPT");

    [Fact]
    public async Task Parallel_function_calls_stream_as_step_deltas_pause_and_resume_through_streamed_tool_outputs()
    {
        var ct = TestContext.Current.CancellationToken;
        (string Id, string Name, string Arguments)[] calls =
        [
            ("call_weather_1", "get_weather", """{"city":"Zürich, \"CH\""}"""),
            ("call_time_2", "get_time", """{"tz":"Europe/Zurich"}"""),
        ];
        spindle.Upstream.Enqueue(Script.ToolCalls(calls));
        spindle.Upstream.Enqueue(Script.Reply("It is 21 °C in Zürich at 14:05."));
        var (assistant, thread) = await spindle.SeedAsync(ct, Tools);

        var first = await SseTranscript.PostAsync(spindle.Http, $"/v1/threads/{thread}/runs",
            $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);

        // Each call: an opening delta (id, name, empty arguments) and its arguments in two pieces.
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(
        [
            .. StreamAssert.RunStart, "thread.run.step.created", "thread.run.step.in_progress",
            .. Enumerable.Repeat("thread.run.step.delta", 6), "thread.run.requires_action", "done",
        ], first.Names);
        Assert.Equal(StreamAssert.Done, first.Events[^1].Data);
        Assert.DoesNotContain("thread.run.step.completed", first.Names);

        var step = first.Single("thread.run.step.created");
        var stepId = step.GetProperty("id").GetString()!;
        Assert.Equal("tool_calls", step.GetProperty("type").GetString());
        Assert.Equal("in_progress", step.GetProperty("status").GetString());
        Assert.Equal("tool_calls", step.GetProperty("step_details").GetProperty("type").GetString());
        Assert.Equal("[]", step.GetProperty("step_details").GetProperty("tool_calls").GetRawText());

        var streamedIds = AssertToolCallDeltas(first.All("thread.run.step.delta").ToList(), stepId, calls);

        var paused = first.Single("thread.run.requires_action");
        var runId = paused.GetProperty("id").GetString()!;
        Assert.Equal("requires_action", paused.GetProperty("status").GetString());
        StreamAssert.IsNull(paused, "usage");
        var action = paused.GetProperty("required_action");
        Assert.Equal("submit_tool_outputs", action.GetProperty("type").GetString());
        var required = action.GetProperty("submit_tool_outputs").GetProperty("tool_calls").EnumerateArray().ToList();
        Assert.Equal(streamedIds, required.Select(c => c.GetProperty("id").GetString()!));
        Assert.Equal(calls.Select(c => c.Name), required.Select(c => c.GetProperty("function").GetProperty("name").GetString()));
        Assert.Equal(calls.Select(c => c.Arguments), required.Select(c => c.GetProperty("function").GetProperty("arguments").GetString()));
        Assert.All(required, c => Assert.Equal("function", c.GetProperty("type").GetString()));
        StreamAssert.SameObject(paused, (await spindle.GetAsync($"/v1/threads/{thread}/runs/{runId}", ct)).Json);

        var outputs = new[] { "21 °C, \"sunny\"", "14:05" };
        var second = await SseTranscript.PostAsync(spindle.Http, $"/v1/threads/{thread}/runs/{runId}/submit_tool_outputs",
            $$"""{"tool_outputs":[{"tool_call_id":"{{streamedIds[1]}}","output":"{{JsonEncodedText.Encode(outputs[1])}}"},{"tool_call_id":"{{streamedIds[0]}}","output":"{{JsonEncodedText.Encode(outputs[0])}}"}],"stream":true}""", ct);

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("text/event-stream; charset=utf-8", second.ContentType);
        Assert.Equal(
        [
            "thread.run.step.completed", "thread.run.queued", "thread.run.in_progress",
            .. StreamAssert.TextStep(8), "thread.run.completed", "done",
        ], second.Names);
        Assert.DoesNotContain("thread.run.created", second.Names);
        Assert.Equal(StreamAssert.Done, second.Events[^1].Data);

        var closed = second.Events[0].Json;
        Assert.Equal(stepId, closed.GetProperty("id").GetString());
        Assert.Equal("completed", closed.GetProperty("status").GetString());
        var answered = closed.GetProperty("step_details").GetProperty("tool_calls").EnumerateArray().ToList();
        Assert.Equal(streamedIds, answered.Select(c => c.GetProperty("id").GetString()!));
        Assert.Equal(calls.Select(c => c.Arguments), answered.Select(c => c.GetProperty("function").GetProperty("arguments").GetString()));
        Assert.Equal(outputs, answered.Select(c => c.GetProperty("function").GetProperty("output").GetString()));

        var queued = second.Events[1].Json;
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        StreamAssert.IsNull(queued, "required_action");
        Assert.Equal(StreamAssert.Time(first.Single("thread.run.in_progress"), "started_at"), StreamAssert.Time(queued, "started_at"));

        var messageId = second.Single("thread.message.created").GetProperty("id").GetString()!;
        Assert.Equal(messageId, second.Events[3].Json.GetProperty("step_details").GetProperty("message_creation").GetProperty("message_id").GetString());
        Assert.NotEqual(stepId, second.Events[3].Json.GetProperty("id").GetString());
        Assert.Equal("It is 21 °C in Zürich at 14:05.", StreamAssert.TextDeltas(second.Events, messageId));
        var completed = second.Single("thread.run.completed");
        Assert.Equal(runId, completed.GetProperty("id").GetString());
        Assert.True(completed.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        StreamAssert.SameObject(completed, (await spindle.GetAsync($"/v1/threads/{thread}/runs/{runId}", ct)).Json);
        StreamAssert.SameObject(closed, (await spindle.GetAsync($"/v1/threads/{thread}/runs/{runId}/steps/{stepId}", ct)).Json);

        if (TranscriptPath is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path,
                $"# Stream 1: POST /v1/threads/{thread}/runs\n{first.Raw}# Stream 2: POST /v1/threads/{thread}/runs/{runId}/submit_tool_outputs\n{second.Raw}", ct);
        }
    }

    /// <summary>
    /// Each call's deltas are contiguous with wire indices 0, 1, … (O9, R2); only its first delta carries <c>id</c> and
    /// <c>function.name</c> (R3); its arguments concatenate to exactly what the model sent. Returns the streamed ids.
    /// </summary>
    private static List<string> AssertToolCallDeltas(List<JsonElement> deltas, string stepId, (string Id, string Name, string Arguments)[] calls)
    {
        var ids = new List<string>();
        var arguments = new List<StringBuilder>();
        var indices = new List<int>();
        foreach (var delta in deltas)
        {
            Assert.Equal(stepId, delta.GetProperty("id").GetString());
            Assert.Equal("thread.run.step.delta", delta.GetProperty("object").GetString());
            var details = delta.GetProperty("delta").GetProperty("step_details");
            Assert.Equal("tool_calls", details.GetProperty("type").GetString());
            var call = Assert.Single(details.GetProperty("tool_calls").EnumerateArray());
            var index = call.GetProperty("index").GetInt32();
            Assert.Equal("function", call.GetProperty("type").GetString());
            var function = call.GetProperty("function");
            var opens = index == ids.Count;
            if (opens)
            {
                ids.Add(call.GetProperty("id").GetString()!);
                Assert.Equal(calls[index].Name, function.GetProperty("name").GetString());
                arguments.Add(new StringBuilder());
            }
            else
            {
                Assert.Equal(ids.Count - 1, index);
                Assert.False(call.TryGetProperty("id", out _), $"Only the first delta of a call carries its id: {delta}");
                Assert.False(function.TryGetProperty("name", out _), $"Only the first delta of a call carries its name: {delta}");
                Assert.False(function.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.Null, $"No null after the first delta (R5): {delta}");
            }

            if (function.TryGetProperty("arguments", out var piece))
            {
                arguments[index].Append(piece.GetString());
            }

            indices.Add(index);
        }

        Assert.Equal([0, 0, 0, 1, 1, 1], indices);
        Assert.Equal(calls.Select(c => c.Id), ids);
        Assert.Equal(calls.Select(c => c.Arguments), arguments.Select(a => a.ToString()));
        return ids;
    }
}
