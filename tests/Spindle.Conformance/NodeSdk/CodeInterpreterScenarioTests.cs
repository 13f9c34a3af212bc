using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

/// <summary>
/// Seed 003's <c>streaming_run</c> (the Python <c>EventHandler.on_tool_call_delta</c> that prints
/// <c>delta.code_interpreter.input</c> and <c>outputs[].logs</c>) through the Node SDK's <c>runs.stream</c>, whose
/// accumulation rules are the Python helper's (ASSISTANTS_API.md §7.1, §7.2).
/// </summary>
public sealed class CodeInterpreterScenarioTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string RunInstructions = "Please address the user as SISTCA student.";

    [Fact]
    public async Task Node_sdk_stream_hands_toolCallDelta_the_code_as_input_then_the_real_sandbox_logs_then_the_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        const string callId = "call_nodeCodeSolve01";
        const string code = "from fractions import Fraction\nx = Fraction(14 - 12, 8)\nprint(f'x = {x} = {float(x)}')";
        const string logs = "x = 1/4 = 0.25\n";
        const string text = "SISTCA student, the code shows x = 1/4.";
        spindle.Upstream.Enqueue(Script.ToolCalls((callId, "code_interpreter", """{"code":"from fractions import Fraction\nx = Fraction(14 - 12, 8)\nprint(f'x = {x} = {float(x)}')"}""")));
        spindle.Upstream.Enqueue(Script.Reply(text));

        var result = await NodeScenario.RunAsync(spindle, "code_interpreter", new Dictionary<string, string>
        {
            ["EXPECT_CODE"] = code,
            ["EXPECT_LOGS"] = logs,
            ["EXPECT_TEXT"] = text,
            ["CALL_ID"] = callId,
        }, ct);

        Assert.Equal((callId, code, logs, text),
            (result.GetProperty("call_id").GetString(), result.GetProperty("input").GetString(), result.GetProperty("logs").GetString(), result.GetProperty("text").GetString()));
        Assert.True(result.GetProperty("input_pieces").GetInt32() >= 2, "the code should arrive in several input pieces");
        // What seed 003's handler prints: the tool type, the code, the output block, then the answer.
        Assert.Equal($"\nassistant > code_interpreter\n{code}\n\noutput >\n{logs}\nassistant > {text}", result.GetProperty("printed").GetString());

        // The model saw the real logs as the tool result, under its own call id, and the run-level instructions.
        var requests = spindle.Upstream.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(("system", RunInstructions), (UpstreamPrompt.Messages(requests[0])[0].Role, UpstreamPrompt.Messages(requests[0])[0].Text));
        var tool = Assert.Single(UpstreamPrompt.Messages(requests[1]), static m => m.Role == "tool");
        Assert.Equal((callId, logs), (tool.ToolCallId, tool.Text));
    }
}
