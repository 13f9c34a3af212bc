using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

public sealed class FileSearchScenarioTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string Answer = "Filip's favorite food is cake【0:0†favorite_foods.txt】.";
    private const string AttachmentAnswer = "You get 25 days of paid leave【0:0†handbook.md】.";

    [Fact]
    public async Task Node_sdk_streams_file_search_answers_with_file_citations_from_a_store_and_from_an_attachment()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_node_fs", "file_search", """{"query":"Filip favorite food"}""")));
        spindle.Upstream.Enqueue(Script.Reply("Filip's favorite food is cake", "【0:", "0†favorite_", "foods.txt】", "."));
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_node_fs_att", "file_search", """{"query":"paid leave days"}""")));
        spindle.Upstream.Enqueue(Script.Reply("You get 25 days of paid leave", "【0:0†hand", "book.md】", "."));

        var result = await NodeScenario.RunAsync(spindle, "file_search", new Dictionary<string, string>
        {
            ["EXPECT_TEXT"] = Answer,
            ["EXPECT_TEXT_ATTACHMENT"] = AttachmentAnswer,
        }, ct);

        var annotation = result.GetProperty("annotation");
        Assert.Equal("【0:0†favorite_foods.txt】", annotation.GetProperty("text").GetString());
        Assert.Equal(result.GetProperty("file_id").GetString(), annotation.GetProperty("file_citation").GetProperty("file_id").GetString());
        Assert.Equal(result.GetProperty("attachment_file_id").GetString(),
            result.GetProperty("attachment_annotation").GetProperty("file_citation").GetProperty("file_id").GetString());

        // All four scripts went to this scenario's two runs, and each answer was written after its own search: the
        // second call of each run carries the passages under the marker the answer quotes.
        var requests = spindle.Upstream.Requests;
        Assert.Equal(4, requests.Count);
        var storeTool = Assert.Single(UpstreamPrompt.Messages(requests[1]), static m => m.Role == "tool");
        Assert.Equal("call_node_fs", storeTool.ToolCallId);
        Assert.Contains("【0:0†favorite_foods.txt】\nFilip's favorite food is cake.", storeTool.Text, StringComparison.Ordinal);
        var attachmentTool = Assert.Single(UpstreamPrompt.Messages(requests[3]), static m => m.Role == "tool");
        Assert.Equal("call_node_fs_att", attachmentTool.ToolCallId);
        Assert.Contains("【0:0†handbook.md】", attachmentTool.Text, StringComparison.Ordinal);
        Assert.Contains("25 days of paid leave", attachmentTool.Text, StringComparison.Ordinal);
    }
}
