using System.ClientModel;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenAI;
using OpenAI.Assistants;
using OpenAI.Files;
using Spindle.Testing;

namespace Spindle.Conformance.DotNetSdk;

/// <summary>
/// Seed 001's Math Tutor with <c>tools: [code_interpreter]</c> through the official .NET SDK. The fake model writes the
/// code; the sandbox really runs it, so the logs the SDK reads are Python's output, not a script's (ASSISTANTS_API.md
/// §3.2 run steps, §6.4 tool-call deltas, §6.5(c)).
/// </summary>
public sealed class CodeInterpreterTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string Code = "x = (14 - 12) / 8\nprint(x)";
    private const string Logs = "0.25\n";
    private const string Answer = "SISTCA student, subtract 12 and divide by 8: x = 2 / 8 = 0.25.";

    private readonly AssistantClient _client = Sdk.Client(spindle);

    [Fact]
    public async Task A_polled_run_shows_the_model_code_and_the_real_sandbox_logs_in_its_steps_and_then_the_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_solve8x", "code_interpreter", Arguments(Code))));
        spindle.Upstream.Enqueue(Script.Reply(Answer));
        var assistant = await Sdk.CreateMathTutorAsync(_client, ct, new CodeInterpreterToolDefinition());
        var thread = await Sdk.CreateThreadWithQuestionAsync(_client, ct);

        ThreadRun run = await _client.CreateRunAsync(thread.Id, assistant.Id, new RunCreationOptions(), ct);
        run = await Sdk.WaitForRunAsync(_client, run, ct);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.IsType<CodeInterpreterToolDefinition>(Assert.Single(run.Tools));
        var steps = await ToListAsync(_client.GetRunStepsAsync(thread.Id, run.Id, new RunStepCollectionOptions { Order = RunStepCollectionOrder.Ascending }, ct), ct);
        Assert.Equal([RunStepKind.ToolCall, RunStepKind.CreatedMessage], steps.Select(s => s.Kind));
        Assert.All(steps, s => Assert.Equal(RunStepStatus.Completed, s.Status));
        var call = Assert.Single(steps[0].Details.ToolCalls);
        Assert.Equal(("call_solve8x", RunStepToolCallKind.CodeInterpreter, Code), (call.Id, call.Kind, call.CodeInterpreterInput));
        Assert.Equal(Logs, Assert.Single(call.CodeInterpreterOutputs).Logs);

        ThreadMessage answer = await _client.GetMessageAsync(thread.Id, steps[1].Details.CreatedMessageId, ct);
        Assert.Equal((MessageRole.Assistant, Answer, run.Id), (answer.Role, Sdk.Text(answer), answer.RunId));
    }

    [Fact]
    public async Task A_streamed_run_grows_the_code_in_step_deltas_then_sends_the_logs_then_streams_the_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_stream8x", "code_interpreter", Arguments(Code))));
        spindle.Upstream.Enqueue(Script.Reply(Answer));
        var assistant = await Sdk.CreateMathTutorAsync(_client, ct, new CodeInterpreterToolDefinition());
        var thread = await Sdk.CreateThreadWithQuestionAsync(_client, ct);

        var updates = await Sdk.CollectAsync(_client.CreateRunStreamingAsync(thread.Id, assistant.Id,
            new RunCreationOptions { AdditionalInstructions = "Please address the user as SISTCA student." }, ct), ct);

        // §6.5(c): the tool_calls step opens, streams, and completes before the message_creation step begins.
        var kinds = CollapseRepeats(updates.Select(u => u.UpdateKind));
        Assert.Equal(
            [
                StreamingUpdateReason.RunCreated, StreamingUpdateReason.RunQueued, StreamingUpdateReason.RunInProgress,
                StreamingUpdateReason.RunStepCreated, StreamingUpdateReason.RunStepInProgress, StreamingUpdateReason.RunStepUpdated,
                StreamingUpdateReason.RunStepCompleted,
                StreamingUpdateReason.RunStepCreated, StreamingUpdateReason.RunStepInProgress,
                StreamingUpdateReason.MessageCreated, StreamingUpdateReason.MessageInProgress, StreamingUpdateReason.MessageUpdated,
                StreamingUpdateReason.MessageCompleted, StreamingUpdateReason.RunStepCompleted, StreamingUpdateReason.RunCompleted,
            ],
            kinds);

        var deltas = updates.OfType<RunStepDetailsUpdate>().ToList();
        Assert.True(deltas.Count >= 3, $"expected the opening delta, input pieces and the logs; got {deltas.Count} deltas");
        Assert.All(deltas, d => Assert.Equal(0, d.ToolCallIndex));
        Assert.Equal(["call_stream8x"], deltas.Select(d => d.ToolCallId).OfType<string>());
        Assert.Equal(Code, string.Concat(deltas.Select(d => d.CodeInterpreterInput)));
        var outputs = deltas.SelectMany(d => d.CodeInterpreterOutputs ?? []).ToList();
        var logs = Assert.Single(outputs);
        Assert.Equal((0, Logs), (logs.OutputIndex, logs.Logs));
        Assert.Null(logs.ImageFileId);

        var completedStep = updates.OfType<RunStepUpdate>().First(u => u.UpdateKind == StreamingUpdateReason.RunStepCompleted).Value;
        var call = Assert.Single(completedStep.Details.ToolCalls);
        Assert.Equal(("call_stream8x", Code, Logs), (call.Id, call.CodeInterpreterInput, Assert.Single(call.CodeInterpreterOutputs).Logs));
        Assert.Equal(deltas[0].StepId, completedStep.Id);

        var text = updates.OfType<MessageContentUpdate>().ToList();
        Assert.Equal(Answer, string.Concat(text.Select(t => t.Text)));
        var final = Assert.IsType<RunUpdate>(updates[^1]).Value;
        Assert.Equal(RunStatus.Completed, final.Status);
        ThreadMessage stored = await _client.GetMessageAsync(thread.Id, Assert.Single(text.Select(t => t.MessageId).Distinct()), ct);
        Assert.Equal(Answer, Sdk.Text(stored));
    }

    [Fact]
    public async Task Code_whose_escaped_emoji_is_split_between_argument_chunks_streams_as_exactly_the_same_code()
    {
        var ct = TestContext.Current.CancellationToken;
        // Models often write non-ASCII as JSON escapes, and a chunk may end between the halves of a surrogate pair.
        // The fake upstream streams the arguments in two halves; this text's middle is exactly that place.
        const string arguments = """{"code":"print('x = 1/4 \ud83c\udf89')  # a party popper!!"}""";
        Assert.EndsWith("\\ud83c", arguments[..(arguments.Length / 2)], StringComparison.Ordinal);
        const string code = "print('x = 1/4 \U0001F389')  # a party popper!!";
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_emoji", "code_interpreter", arguments)));
        spindle.Upstream.Enqueue(Script.Reply("x = 1/4."));
        var assistant = await Sdk.CreateMathTutorAsync(_client, ct, new CodeInterpreterToolDefinition());
        var thread = await Sdk.CreateThreadWithQuestionAsync(_client, ct);

        var updates = await Sdk.CollectAsync(_client.CreateRunStreamingAsync(thread.Id, assistant.Id, new RunCreationOptions(), ct), ct);

        // R4 / O6b: what the deltas add up to is what the completed step says, character for character.
        var deltas = updates.OfType<RunStepDetailsUpdate>().ToList();
        Assert.Equal(code, string.Concat(deltas.Select(d => d.CodeInterpreterInput)));
        var call = Assert.Single(updates.OfType<RunStepUpdate>().First(u => u.UpdateKind == StreamingUpdateReason.RunStepCompleted).Value.Details.ToolCalls);
        Assert.Equal(code, call.CodeInterpreterInput);
        Assert.Equal("x = 1/4 \U0001F389\n", Assert.Single(call.CodeInterpreterOutputs).Logs);
    }

    [Fact]
    public async Task A_plot_becomes_an_image_file_part_of_the_answer_that_downloads_as_a_png()
    {
        var ct = TestContext.Current.CancellationToken;
        const string plot = "import matplotlib.pyplot as plt\nxs = [0, 0.25, 0.5]\nplt.plot(xs, [8 * x + 12 for x in xs])\nplt.axhline(14)\nplt.title('8x + 12 = 14')";
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_plot8x", "code_interpreter", Arguments(plot))));
        spindle.Upstream.Enqueue(Script.Reply("The lines cross at x = 0.25."));
        var assistant = await Sdk.CreateMathTutorAsync(_client, ct, new CodeInterpreterToolDefinition());
        var thread = await Sdk.CreateThreadWithQuestionAsync(_client, ct);

        ThreadRun run = await _client.CreateRunAsync(thread.Id, assistant.Id, new RunCreationOptions(), ct);
        run = await Sdk.WaitForRunAsync(_client, run, ct);

        Assert.Equal(RunStatus.Completed, run.Status);
        var steps = await ToListAsync(_client.GetRunStepsAsync(thread.Id, run.Id, new RunStepCollectionOptions { Order = RunStepCollectionOrder.Ascending }, ct), ct);
        var imageOutput = Assert.Single(Assert.Single(steps[0].Details.ToolCalls).CodeInterpreterOutputs, o => o.ImageFileId is not null);
        ThreadMessage answer = await _client.GetMessageAsync(thread.Id, steps[1].Details.CreatedMessageId, ct);
        var image = Assert.Single(answer.Content, c => c.ImageFileId is not null);
        Assert.Equal(imageOutput.ImageFileId, image.ImageFileId);
        Assert.Equal("The lines cross at x = 0.25.", Sdk.Text(answer));

        var files = new OpenAIFileClient(new ApiKeyCredential(SpindleFixture.KeyA), new OpenAIClientOptions { Endpoint = spindle.ApiUrl });
        OpenAIFile file = await files.GetFileAsync(image.ImageFileId, ct);
        BinaryData png = await files.DownloadFileAsync(image.ImageFileId, ct);
        Assert.Equal(FilePurpose.AssistantsOutput, file.Purpose);
        Assert.Equal(file.SizeInBytesLong, png.ToArray().LongLength);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png.ToArray()[..8]);
    }

    private static string Arguments(string code) =>
        $$"""{"code":"{{JsonEncodedText.Encode(code, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}}"}""";

    private static async Task<List<T>> ToListAsync<T>(AsyncCollectionResult<T> items, CancellationToken cancellationToken)
    {
        List<T> list = [];
        await foreach (var item in items.WithCancellation(cancellationToken))
            list.Add(item);
        return list;
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
