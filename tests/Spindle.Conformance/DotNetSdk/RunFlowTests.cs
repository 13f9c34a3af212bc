using OpenAI.Assistants;
using Spindle.Testing;

namespace Spindle.Conformance.DotNetSdk;

/// <summary>Non-streamed runs driven by <see cref="AssistantClient"/>: create, poll, tool outputs, cancel (ASSISTANTS_API.md §5).</summary>
public sealed class RunFlowTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string WeatherSchema = """
        {"type":"object","properties":{"location":{"type":"string","description":"City name"}},"required":["location"]}
        """;

    private readonly AssistantClient _client = Sdk.Client(spindle);

    [Fact]
    public async Task Seed_001_flow_completes_with_the_upstream_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Answer = "Of course, SISTCA student! Subtract 12 from both sides: 8x = 2, so x = 1/4.";
        spindle.Upstream.Enqueue(Script.Reply(Answer));
        var before = spindle.Upstream.Requests.Count;

        var assistant = await Sdk.CreateMathTutorAsync(_client, ct);
        var thread = await Sdk.CreateThreadWithQuestionAsync(_client, ct);
        ThreadRun run = await _client.CreateRunAsync(thread.Id, assistant.Id,
            new RunCreationOptions { InstructionsOverride = "Please address the user as SISTCA student." }, ct);
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.Equal(thread.Id, run.ThreadId);
        Assert.Equal(assistant.Id, run.AssistantId);

        run = await Sdk.WaitForRunAsync(_client, run, ct);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("Please address the user as SISTCA student.", run.Instructions);
        Assert.NotNull(run.CompletedAt);
        Assert.True(run.Usage.TotalTokenCount > 0);
        var messages = await _client.GetMessagesAsync(thread.Id, new MessageCollectionOptions { Order = MessageCollectionOrder.Ascending }, ct).ToListAsync(ct);
        Assert.Equal([MessageRole.User, MessageRole.Assistant], messages.Select(m => m.Role));
        Assert.Equal(Sdk.UserQuestion, Sdk.Text(messages[0]));
        Assert.Equal(Answer, Sdk.Text(messages[1]));
        Assert.Equal(run.Id, messages[1].RunId);

        var upstream = Assert.Single(spindle.Upstream.Requests.Skip(before)).Json.GetProperty("messages");
        Assert.Equal("system", upstream[0].GetProperty("role").GetString());
        Assert.Equal("Please address the user as SISTCA student.", upstream[0].GetProperty("content").ToString());
        Assert.Equal(Sdk.UserQuestion, upstream[upstream.GetArrayLength() - 1].GetProperty("content").ToString());
    }

    [Fact]
    public async Task Parallel_function_calls_require_action_then_complete_after_both_outputs()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.ToolCalls(
            ("call_sf", "get_weather", """{"location":"SF"}"""),
            ("call_ny", "get_weather", """{"location":"NYC"}""")));
        spindle.Upstream.Enqueue(Script.Reply("Sunny in SF, rainy in NYC."));
        var before = spindle.Upstream.Requests.Count;

        var assistant = await Sdk.CreateMathTutorAsync(_client, ct, WeatherTool());
        Assert.Equal("get_weather", Assert.IsType<FunctionToolDefinition>(Assert.Single(assistant.Tools)).FunctionName);
        var thread = await Sdk.CreateThreadWithQuestionAsync(_client, ct);
        ThreadRun run = await _client.CreateRunAsync(thread.Id, assistant.Id, new RunCreationOptions(), ct);

        run = await Sdk.WaitForRunAsync(_client, run, ct);

        Assert.Equal(RunStatus.RequiresAction, run.Status);
        Assert.Equal(
            [("call_sf", "get_weather", """{"location":"SF"}"""), ("call_ny", "get_weather", """{"location":"NYC"}""")],
            run.RequiredActions.Select(a => (a.ToolCallId, a.FunctionName, a.FunctionArguments)));
        Assert.Null(run.Usage);

        run = await _client.SubmitToolOutputsToRunAsync(thread.Id, run.Id,
            [new ToolOutput("call_sf", "18C and sunny"), new ToolOutput("call_ny", "9C and rainy")], ct);
        Assert.Empty(run.RequiredActions);
        run = await Sdk.WaitForRunAsync(_client, run, ct);

        Assert.Equal(RunStatus.Completed, run.Status);
        var reply = await _client.GetMessagesAsync(thread.Id, new MessageCollectionOptions { Order = MessageCollectionOrder.Descending }, ct).FirstAsync(ct);
        Assert.Equal(MessageRole.Assistant, reply.Role);
        Assert.Equal("Sunny in SF, rainy in NYC.", Sdk.Text(reply));

        var steps = await _client.GetRunStepsAsync(thread.Id, run.Id, new RunStepCollectionOptions { Order = RunStepCollectionOrder.Ascending }, ct).ToListAsync(ct);
        Assert.Equal([RunStepKind.ToolCall, RunStepKind.CreatedMessage], steps.Select(s => s.Kind));
        Assert.All(steps, s => Assert.Equal(RunStepStatus.Completed, s.Status));
        Assert.Equal(
            [("call_sf", "get_weather", """{"location":"SF"}""", "18C and sunny"), ("call_ny", "get_weather", """{"location":"NYC"}""", "9C and rainy")],
            steps[0].Details.ToolCalls.Select(c => (c.Id, c.FunctionName, c.FunctionArguments, c.FunctionOutput)));
        Assert.Equal(reply.Id, steps[1].Details.CreatedMessageId);

        // The second upstream call carries the assistant's tool calls and both tool results, matched by id.
        var second = spindle.Upstream.Requests.Skip(before).ElementAt(1).Json.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(
            [("call_sf", "18C and sunny"), ("call_ny", "9C and rainy")],
            second.Where(m => m.GetProperty("role").GetString() == "tool")
                .Select(m => (m.GetProperty("tool_call_id").GetString(), m.GetProperty("content").ToString())));
    }

    [Fact]
    public async Task Cancelling_an_in_progress_run_ends_cancelled()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new ChunkGate();
        spindle.Upstream.Enqueue(Script.Reply("This ", "answer ", "never ", "finishes.").HoldEachChunkUntil(gate.WaitAsync));
        try
        {
            var assistant = await Sdk.CreateMathTutorAsync(_client, ct);
            var thread = await Sdk.CreateThreadWithQuestionAsync(_client, ct);
            ThreadRun run = await _client.CreateRunAsync(thread.Id, assistant.Id, new RunCreationOptions(), ct);
            run = await Sdk.PollRunAsync(_client, run, static s => s == RunStatus.Queued, ct);
            Assert.Equal(RunStatus.InProgress, run.Status);
            Assert.NotNull(run.StartedAt);

            // Cancel only once the model is answering: the held reply is then this run's, not a later test's.
            while (!await _client.GetRunStepsAsync(thread.Id, run.Id, cancellationToken: ct).AnyAsync(ct))
            {
                await Task.Delay(20, ct);
            }

            ThreadRun cancelling = await _client.CancelRunAsync(thread.Id, run.Id, ct);

            Assert.Equal(run.Id, cancelling.Id);
            Assert.True(cancelling.Status == RunStatus.Cancelling || cancelling.Status == RunStatus.Cancelled, $"status after cancel: {cancelling.Status}");
            var cancelled = await Sdk.WaitForRunAsync(_client, cancelling, ct);
            Assert.Equal(RunStatus.Cancelled, cancelled.Status);
            Assert.NotNull(cancelled.CancelledAt);
            Assert.Null(cancelled.CompletedAt);
            Assert.True(cancelled.Status.IsTerminal);

            // §5.1: the open step is cancelled and its half-written message ends incomplete.
            var step = await _client.GetRunStepsAsync(thread.Id, run.Id, cancellationToken: ct).SingleAsync(ct);
            Assert.Equal((RunStepKind.CreatedMessage, RunStepStatus.Cancelled), (step.Kind, step.Status));
            ThreadMessage partial = await _client.GetMessageAsync(thread.Id, step.Details.CreatedMessageId, ct);
            Assert.Equal(MessageStatus.Incomplete, partial.Status);
            Assert.Equal(MessageFailureReason.RunCancelled, partial.IncompleteDetails.Reason);
        }
        finally
        {
            gate.ReleaseAll();
        }
    }

    [Fact]
    public async Task Upstream_server_error_fails_the_run_with_last_error()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Error(500, "boom"));
        var assistant = await Sdk.CreateMathTutorAsync(_client, ct);
        var thread = await Sdk.CreateThreadWithQuestionAsync(_client, ct);
        ThreadRun run = await _client.CreateRunAsync(thread.Id, assistant.Id, new RunCreationOptions(), ct);

        run = await Sdk.WaitForRunAsync(_client, run, ct);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(RunErrorCode.ServerError, run.LastError.Code);
        Assert.False(string.IsNullOrEmpty(run.LastError.Message));
        Assert.NotNull(run.FailedAt);
        Assert.Null(run.CompletedAt);
    }

    private static FunctionToolDefinition WeatherTool() => new("get_weather")
    {
        Description = "Gets the current weather for a location.",
        Parameters = BinaryData.FromString(WeatherSchema),
    };
}
