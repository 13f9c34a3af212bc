using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

/// <summary>
/// Seed 004 ("Assistants API Commander") through the Node SDK's <c>AzureOpenAI</c> client: Spindle addressed as an Azure
/// resource (<c>{endpoint}/openai/…?api-version=2024-02-15-preview</c>, <c>api-key</c> header). Files, an assistant with
/// code_interpreter and functions, a run polled by hand through <c>requires_action</c>, then the deletes.
/// </summary>
public sealed class Seed004ScenarioTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Azure_client_runs_the_commander_flow_through_a_function_call_to_completion_and_deletes_everything()
    {
        var ct = TestContext.Current.CancellationToken;
        const string callId = "call_azureStockPrice01";
        const string arguments = """{"symbol":"MSFT"}""";
        const string text = "MSFT closed at $415.50, up 66% on the $250.00 purchase price in portfolio.csv.";
        spindle.Upstream.Enqueue(Script.ToolCalls((callId, "get_stock_price", arguments)));
        spindle.Upstream.Enqueue(Script.Reply(text));

        var result = await NodeScenario.RunAsync(spindle, "seed004", new Dictionary<string, string>
        {
            ["SPINDLE_AZURE_ENDPOINT"] = spindle.BaseUrl.ToString(),
            ["CALL_ID"] = callId,
            ["EXPECT_ARGS"] = arguments,
            ["EXPECT_TEXT"] = text,
        }, ct);

        var statuses = result.GetProperty("statuses").EnumerateArray().Select(static s => s.GetString()).ToList();
        Assert.Contains("requires_action", statuses);
        Assert.Equal("completed", statuses[^1]);
        Assert.Equal(
            [("user", "What is the latest closing price of MSFT? Compare it with the prices in portfolio.csv."), ("assistant", text)],
            result.GetProperty("response_messages").EnumerateArray().Select(static m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())));

        var deleted = result.GetProperty("deleted");
        Assert.True(deleted.GetProperty("assistant").GetBoolean());
        Assert.True(deleted.GetProperty("thread").GetBoolean());
        Assert.Equal([true, true], deleted.GetProperty("files").EnumerateArray().Select(static f => f.GetBoolean()));

        // Two model calls: the function call, then the answer with the submitted output as the tool result. The run's
        // instructions replaced the assistant's, and the assistant's tools reached the model.
        var requests = spindle.Upstream.Requests;
        Assert.Equal(2, requests.Count);
        var first = UpstreamPrompt.Messages(requests[0]);
        Assert.Equal(("system", result.GetProperty("run_instructions").GetString()), (first[0].Role, first[0].Text));
        var toolNames = requests[0].Json.GetProperty("tools").EnumerateArray()
            .Select(static t => t.GetProperty("function").GetProperty("name").GetString()).ToList();
        Assert.Contains("get_stock_price", toolNames);
        Assert.Contains("send_email", toolNames);
        var output = result.GetProperty("tool_outputs")[0].GetProperty("output").GetString();
        var tool = Assert.Single(UpstreamPrompt.Messages(requests[1]), static m => m.Role == "tool");
        Assert.Equal((callId, output), (tool.ToolCallId, tool.Text));

        // Deleted for the /v1 callers as well.
        Assert.Equal(404, (int)(await spindle.GetAsync($"/v1/assistants/{result.GetProperty("assistant_id").GetString()}", ct)).Status);
        foreach (var file in result.GetProperty("file_ids").EnumerateArray())
            Assert.Equal(404, (int)(await spindle.GetAsync($"/v1/files/{file.GetString()}", ct)).Status);
    }
}
