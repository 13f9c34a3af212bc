using OpenAI.Assistants;
using Spindle.Testing;

namespace Spindle.Conformance.DotNetSdk;

/// <summary>
/// Streamed runs read through the SDK's <see cref="StreamingUpdate"/> parser (ASSISTANTS_API.md §6.3, §6.5, §7.4):
/// if an event name, a delta shape or the terminator were off, these updates would be missing or the stream would throw.
/// </summary>
public sealed class StreamingTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string WeatherSchema = """{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}""";

    private readonly AssistantClient _client = Sdk.Client(spindle);

    [Fact]
    public async Task Streamed_run_text_matches_the_stored_message_and_updates_arrive_in_OpenAI_order()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("Subtract 12, then divide by 8: x = 1/4."));
        var assistant = await Sdk.CreateMathTutorAsync(_client, ct);
        var thread = await Sdk.CreateThreadWithQuestionAsync(_client, ct);

        var updates = await Sdk.CollectAsync(_client.CreateRunStreamingAsync(thread.Id, assistant.Id, new RunCreationOptions(), ct), ct);

        // §6.5(a): one message_creation step around one message; the deltas collapse to a single entry here.
        Assert.Equal(
            [
                StreamingUpdateReason.RunCreated, StreamingUpdateReason.RunQueued, StreamingUpdateReason.RunInProgress,
                StreamingUpdateReason.RunStepCreated, StreamingUpdateReason.RunStepInProgress,
                StreamingUpdateReason.MessageCreated, StreamingUpdateReason.MessageInProgress, StreamingUpdateReason.MessageUpdated,
                StreamingUpdateReason.MessageCompleted, StreamingUpdateReason.RunStepCompleted, StreamingUpdateReason.RunCompleted,
            ],
            CollapseRepeats(updates.Select(u => u.UpdateKind)));

        var runs = updates.OfType<RunUpdate>().Select(u => u.Value).ToList();
        Assert.Single(runs.Select(r => r.Id).Distinct());
        Assert.Equal([RunStatus.Queued, RunStatus.Queued, RunStatus.InProgress, RunStatus.Completed], runs.Select(r => r.Status));
        Assert.Equal(thread.Id, runs[^1].ThreadId);

        var deltas = updates.OfType<MessageContentUpdate>().ToList();
        Assert.True(deltas.Count > 1, $"expected the answer in several deltas, got {deltas.Count}");
        var messageId = Assert.Single(deltas.Select(d => d.MessageId).Distinct());
        ThreadMessage stored = await _client.GetMessageAsync(thread.Id, messageId, ct);
        Assert.Equal("Subtract 12, then divide by 8: x = 1/4.", string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal(Sdk.Text(stored), string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal(MessageStatus.Completed, stored.Status);

        var completed = updates.OfType<MessageStatusUpdate>().Single(u => u.UpdateKind == StreamingUpdateReason.MessageCompleted).Value;
        Assert.Equal(Sdk.Text(stored), Sdk.Text(completed));
        ThreadRun run = await _client.GetRunAsync(thread.Id, runs[0].Id, ct);
        Assert.Equal(RunStatus.Completed, run.Status);
    }

    [Fact]
    public async Task Streamed_function_calls_require_action_then_submitted_outputs_stream_the_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.ToolCalls(
            ("call_sf", "get_weather", """{"location":"SF"}"""),
            ("call_ny", "get_weather", """{"location":"NYC"}""")));
        spindle.Upstream.Enqueue(Script.Reply("SF is sunny and NYC is rainy."));
        var assistant = await Sdk.CreateMathTutorAsync(_client, ct,
            new FunctionToolDefinition("get_weather") { Parameters = BinaryData.FromString(WeatherSchema) });
        var threadOptions = new ThreadCreationOptions { InitialMessages = { new ThreadInitializationMessage(MessageRole.User, [MessageContent.FromText("Weather in SF and NYC?")]) } };

        var first = await Sdk.CollectAsync(_client.CreateThreadAndRunStreamingAsync(assistant.Id, threadOptions, new RunCreationOptions(), ct), ct);

        Assert.Equal(StreamingUpdateReason.ThreadCreated, first[0].UpdateKind);
        var threadId = Assert.IsType<ThreadUpdate>(first[0]).Value.Id;
        Assert.Equal(
            [
                StreamingUpdateReason.ThreadCreated, StreamingUpdateReason.RunCreated, StreamingUpdateReason.RunQueued, StreamingUpdateReason.RunInProgress,
                StreamingUpdateReason.RunStepCreated, StreamingUpdateReason.RunStepInProgress, StreamingUpdateReason.RunStepUpdated,
                StreamingUpdateReason.RunRequiresAction,
            ],
            CollapseRepeats(first.Select(u => u.UpdateKind)));
        var actions = first.OfType<RequiredActionUpdate>().ToList();
        Assert.Equal(
            [("call_sf", "get_weather", """{"location":"SF"}"""), ("call_ny", "get_weather", """{"location":"NYC"}""")],
            actions.Select(a => (a.ToolCallId, a.FunctionName, a.FunctionArguments)));
        var run = actions[0].GetThreadRun();
        Assert.Equal((RunStatus.RequiresAction, threadId), (run.Status, run.ThreadId));

        // The step deltas name each call once and grow its arguments (R3, O7): the SDK sees the same ids and arguments.
        var stepDeltas = first.OfType<RunStepDetailsUpdate>().ToList();
        Assert.Equal(["call_sf", "call_ny"], stepDeltas.Where(d => d.ToolCallId is not null).Select(d => d.ToolCallId));
        Assert.Equal(
            [(0, """{"location":"SF"}"""), (1, """{"location":"NYC"}""")],
            stepDeltas.GroupBy(d => d.ToolCallIndex!.Value).Select(g => (g.Key, string.Concat(g.Select(d => d.FunctionArguments)))));

        var second = await Sdk.CollectAsync(_client.SubmitToolOutputsToRunStreamingAsync(threadId, run.Id,
            [new ToolOutput("call_sf", "18C, sunny"), new ToolOutput("call_ny", "9C, rain")], ct), ct);

        // §6.3 run_start for submit_tool_outputs: the open tool step closes first and there is no run.created.
        Assert.Equal(
            [
                StreamingUpdateReason.RunStepCompleted, StreamingUpdateReason.RunQueued, StreamingUpdateReason.RunInProgress,
                StreamingUpdateReason.RunStepCreated, StreamingUpdateReason.RunStepInProgress,
                StreamingUpdateReason.MessageCreated, StreamingUpdateReason.MessageInProgress, StreamingUpdateReason.MessageUpdated,
                StreamingUpdateReason.MessageCompleted, StreamingUpdateReason.RunStepCompleted, StreamingUpdateReason.RunCompleted,
            ],
            CollapseRepeats(second.Select(u => u.UpdateKind)));
        var toolStep = Assert.IsType<RunStepUpdate>(second[0]).Value;
        Assert.Equal(RunStepKind.ToolCall, toolStep.Kind);
        Assert.Equal(["18C, sunny", "9C, rain"], toolStep.Details.ToolCalls.Select(c => c.FunctionOutput));
        var deltas = second.OfType<MessageContentUpdate>().ToList();
        ThreadMessage stored = await _client.GetMessageAsync(threadId, Assert.Single(deltas.Select(d => d.MessageId).Distinct()), ct);
        Assert.Equal("SF is sunny and NYC is rainy.", Sdk.Text(stored));
        Assert.Equal(Sdk.Text(stored), string.Concat(deltas.Select(d => d.Text)));
        var final = Assert.IsType<RunUpdate>(second[^1]).Value;
        Assert.Equal((run.Id, RunStatus.Completed), (final.Id, final.Status));
    }

    [Fact]
    public async Task Cancelling_mid_stream_ends_the_stream_with_the_message_incomplete_and_the_run_cancelled()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new ChunkGate();
        spindle.Upstream.Enqueue(Script.Reply("Half ", "an ", "answer.").HoldEachChunkUntil(gate.WaitAsync));
        var assistant = await Sdk.CreateMathTutorAsync(_client, ct);
        var thread = await Sdk.CreateThreadWithQuestionAsync(_client, ct);
        List<StreamingUpdate> updates = [];
        try
        {
            await using var stream = await _client.CreateRunStreamingAsync(thread.Id, assistant.Id, new RunCreationOptions(), ct);
            await foreach (var update in stream.WithCancellation(ct))
            {
                updates.Add(update);
                if (update is MessageContentUpdate { Text: "Half " })
                {
                    // Chunk 0 has arrived and chunk 1 is held, so the run is certainly mid-message.
                    ThreadRun cancelling = await _client.CancelRunAsync(thread.Id, updates.OfType<RunUpdate>().First().Value.Id, ct);
                    Assert.True(cancelling.Status == RunStatus.Cancelling || cancelling.Status == RunStatus.Cancelled, $"status after cancel: {cancelling.Status}");
                }
            }
        }
        finally
        {
            gate.ReleaseAll();
        }

        // §6.5(e): [cancelling] → message incomplete → step cancelled → run cancelled, and nothing after it.
        var tail = CollapseRepeats(updates.Select(u => u.UpdateKind).SkipWhile(k => k != StreamingUpdateReason.MessageUpdated).Skip(1))
            .Where(k => k != StreamingUpdateReason.RunCancelling);
        Assert.Equal([StreamingUpdateReason.MessageFailed, StreamingUpdateReason.RunStepCancelled, StreamingUpdateReason.RunCancelled], tail);
        var incomplete = updates.OfType<MessageStatusUpdate>().Single(u => u.UpdateKind == StreamingUpdateReason.MessageFailed).Value;
        Assert.Equal((MessageStatus.Incomplete, MessageFailureReason.RunCancelled), (incomplete.Status, incomplete.IncompleteDetails.Reason));
        Assert.Equal("Half ", string.Concat(updates.OfType<MessageContentUpdate>().Select(u => u.Text)));
        var final = Assert.IsType<RunUpdate>(updates[^1]).Value;
        Assert.Equal(RunStatus.Cancelled, final.Status);
        ThreadRun stored = await _client.GetRunAsync(thread.Id, final.Id, ct);
        Assert.Equal(RunStatus.Cancelled, stored.Status);
    }

    private static List<StreamingUpdateReason> CollapseRepeats(IEnumerable<StreamingUpdateReason> kinds)
    {
        List<StreamingUpdateReason> collapsed = [];
        foreach (var kind in kinds)
        {
            if (collapsed.Count == 0 || collapsed[^1] != kind)
                collapsed.Add(kind);
        }

        return collapsed;
    }
}
