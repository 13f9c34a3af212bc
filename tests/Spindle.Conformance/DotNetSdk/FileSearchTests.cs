using System.ClientModel;
using OpenAI;
using OpenAI.Assistants;
using OpenAI.Files;
using OpenAI.VectorStores;
using Spindle.Testing;

namespace Spindle.Conformance.DotNetSdk;

/// <summary>
/// The file_search tool through the official .NET SDK, end to end: upload, a vector store filled by a file batch, an
/// assistant holding the store, a run whose step shows the ranked results and whose answer cites the file
/// (ASSISTANTS_API.md §3.2 run steps, §6.5(d), §7.4). The fake model calls <c>file_search</c> and quotes the marker
/// Spindle showed it; everything else is Spindle's.
/// </summary>
public sealed class FileSearchTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string Marker = "【0:0†favorite_foods.txt】";
    private const string Answer = "Filip's favorite food is cake" + Marker + ".";
    private const string Passage = "Filip's favorite food is cake.";

    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(30);

    private readonly AssistantClient _client = Sdk.Client(spindle);

    [Fact]
    public async Task A_polled_run_shows_the_ranked_results_in_its_step_and_the_answer_cites_the_file()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread, file) = await SeedAsync(ct);
        var requestsBefore = spindle.Upstream.Requests.Count;
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_fs_sdk", "file_search", """{"query":"Filip favorite food"}""")));
        spindle.Upstream.Enqueue(Script.Reply("Filip's favorite food is cake", "【0:", "0†favorite_foods.txt】", "."));

        ThreadRun run = await _client.CreateRunAsync(thread.Id, assistant.Id, new RunCreationOptions(), ct);
        run = await Sdk.WaitForRunAsync(_client, run, ct);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(requestsBefore + 2, spindle.Upstream.Requests.Count);
        Assert.IsType<FileSearchToolDefinition>(Assert.Single(run.Tools));
        var steps = new List<RunStep>();
        await foreach (var step in _client.GetRunStepsAsync(thread.Id, run.Id, new RunStepCollectionOptions { Order = RunStepCollectionOrder.Ascending }, ct))
            steps.Add(step);
        Assert.Equal([RunStepKind.ToolCall, RunStepKind.CreatedMessage], steps.Select(s => s.Kind));
        var call = Assert.Single(steps[0].Details.ToolCalls);
        Assert.Equal(("call_fs_sdk", RunStepToolCallKind.FileSearch), (call.Id, call.Kind));
        Assert.Equal(FileSearchRanker.Default20240821, call.FileSearchRankingOptions.Ranker);
        var top = call.FileSearchResults[0];
        Assert.Equal((file.Id, "favorite_foods.txt"), (top.FileId, top.FileName));
        Assert.InRange(top.Score, 0f, 1f);
        Assert.True(top.Score > 0f, $"the cited passage should score above zero, got {top.Score}");
        // SDK 2.15 has no include option to set: it always asks for the content, on run steps and on run creation
        // (?include[]=step_details.tool_calls[*].file_search.results[*].content), so the results come with their passage.
        var content = Assert.Single(top.Content);
        Assert.Equal(RunStepFileSearchResultContentKind.Text, content.Kind);
        Assert.Contains(Passage, content.Text, StringComparison.Ordinal);
        RunStep single = await _client.GetRunStepAsync(thread.Id, run.Id, steps[0].Id, ct);
        Assert.Equal(content.Text, Assert.Single(Assert.Single(single.Details.ToolCalls).FileSearchResults[0].Content).Text);

        ThreadMessage answer = await _client.GetMessageAsync(thread.Id, steps[1].Details.CreatedMessageId, ct);
        Assert.Equal(Answer, Sdk.Text(answer));
        var citation = Assert.Single(Assert.Single(answer.Content).TextAnnotations);
        Assert.Equal((file.Id, Marker, 29, 29 + Marker.Length), (citation.InputFileId, citation.TextToReplace, citation.StartIndex, citation.EndIndex));
        Assert.Null(citation.OutputFileId);
    }

    [Fact]
    public async Task A_streamed_run_sends_the_whole_marker_with_its_annotation_and_the_text_equals_the_stored_message()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread, file) = await SeedAsync(ct);
        var requestsBefore = spindle.Upstream.Requests.Count;
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_fs_sdk_stream", "file_search", """{"query":"favorite food"}""")));
        spindle.Upstream.Enqueue(Script.Reply("Filip's favorite food is cake", "【0:0†fav", "orite_foods.txt】", "."));

        var updates = await Sdk.CollectAsync(_client.CreateRunStreamingAsync(thread.Id, assistant.Id, new RunCreationOptions(), ct), ct);

        Assert.Equal(requestsBefore + 2, spindle.Upstream.Requests.Count);
        var final = Assert.IsType<RunUpdate>(updates[^1]).Value;
        Assert.Equal(RunStatus.Completed, final.Status);

        // The one step delta names the call and its ranking options; results wait for step.completed (§6.4, §6.5 (d)).
        var stepDelta = Assert.Single(updates.OfType<RunStepDetailsUpdate>());
        Assert.Equal(("call_fs_sdk_stream", 0), (stepDelta.ToolCallId, stepDelta.ToolCallIndex));
        Assert.Equal(FileSearchRanker.Default20240821, stepDelta.FileSearchRankingOptions.Ranker);
        Assert.Empty(stepDelta.FileSearchResults);
        var toolStep = updates.OfType<RunStepUpdate>().First(u => u.UpdateKind == StreamingUpdateReason.RunStepCompleted).Value;
        var result = Assert.Single(toolStep.Details.ToolCalls).FileSearchResults[0];
        Assert.Equal(file.Id, result.FileId);
        // The SDK created the run with include[]=…content, so the streamed step.completed carries it, as OpenAI's
        // recorded FileSearchStreamingWorks session does (§6.5 (d)).
        Assert.Contains(Passage, Assert.Single(result.Content).Text, StringComparison.Ordinal);

        // §7.4: a delta becomes one update for its text and one for each annotation. The marker arrives whole (§6.5 (d)).
        var contentUpdates = updates.OfType<MessageContentUpdate>().ToList();
        var annotated = Assert.Single(contentUpdates, u => u.TextAnnotation is not null);
        var annotation = annotated.TextAnnotation;
        Assert.Equal((0, file.Id, Marker), (annotation.ContentIndex, annotation.InputFileId, annotation.TextToReplace));
        Assert.Equal((29, 29 + Marker.Length), (annotation.StartIndex, annotation.EndIndex));
        Assert.Contains(Marker, contentUpdates.Select(u => u.Text));
        var streamedText = string.Concat(contentUpdates.Select(u => u.Text));
        Assert.Equal(Answer, streamedText);

        var messageId = Assert.Single(contentUpdates.Select(u => u.MessageId).Distinct());
        ThreadMessage stored = await _client.GetMessageAsync(thread.Id, messageId, ct);
        Assert.Equal(Sdk.Text(stored), streamedText);
        var storedCitation = Assert.Single(Assert.Single(stored.Content).TextAnnotations);
        Assert.Equal(
            (annotation.InputFileId, annotation.TextToReplace, annotation.StartIndex, annotation.EndIndex),
            (storedCitation.InputFileId, storedCitation.TextToReplace, (int?)storedCitation.StartIndex, (int?)storedCitation.EndIndex));
        var completed = updates.OfType<MessageStatusUpdate>().Single(u => u.UpdateKind == StreamingUpdateReason.MessageCompleted).Value;
        Assert.Equal(Answer, Sdk.Text(completed));
        Assert.Equal(file.Id, Assert.Single(Assert.Single(completed.Content).TextAnnotations).InputFileId);
    }

    // A file with the answer and a decoy, in one store filled by a batch polled to completion (O14), held by the assistant.
    private async Task<(Assistant Assistant, AssistantThread Thread, OpenAIFile File)> SeedAsync(CancellationToken ct)
    {
        var files = new OpenAIFileClient(new ApiKeyCredential(SpindleFixture.KeyA), new OpenAIClientOptions { Endpoint = spindle.ApiUrl });
        var stores = new VectorStoreClient(new ApiKeyCredential(SpindleFixture.KeyA), new VectorStoreClientOptions { Endpoint = spindle.ApiUrl });
        OpenAIFile file = await files.UploadFileAsync(
            BinaryData.FromString(Passage + " Maria prefers sushi, and Tom eats pizza every Friday.").ToStream(), "favorite_foods.txt", FileUploadPurpose.Assistants, ct);
        OpenAIFile decoy = await files.UploadFileAsync(
            BinaryData.FromString("It rained all week in Lisbon and the trams were late.").ToStream(), "weather.txt", FileUploadPurpose.Assistants, ct);

        VectorStore store = await stores.CreateVectorStoreAsync(new VectorStoreCreationOptions { Name = "Foods" }, ct);
        VectorStoreFileBatch batch = await stores.AddFileBatchToVectorStoreAsync(store.Id, [file.Id, decoy.Id], ct);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(PollTimeout);
            while (batch.Status == VectorStoreFileBatchStatus.InProgress)
            {
                await Task.Delay(20, timeout.Token);
                batch = await stores.GetVectorStoreFileBatchAsync(store.Id, batch.BatchId, timeout.Token);
            }
        }

        Assert.Equal(VectorStoreFileBatchStatus.Completed, batch.Status);
        Assert.Equal(2, batch.FileCounts.Completed);

        var options = new AssistantCreationOptions
        {
            Name = "Food Expert",
            Instructions = "Answer from the files.",
            Tools = { new FileSearchToolDefinition() },
            ToolResources = new ToolResources { FileSearch = new FileSearchToolResources { VectorStoreIds = { store.Id } } },
        };
        Assistant assistant = await _client.CreateAssistantAsync("gpt-4o", options, ct);
        Assert.Equal([store.Id], assistant.ToolResources.FileSearch.VectorStoreIds);

        AssistantThread thread = await _client.CreateThreadAsync(new ThreadCreationOptions(), ct);
        await _client.CreateMessageAsync(thread.Id, MessageRole.User, [MessageContent.FromText("What is Filip's favorite food?")], cancellationToken: ct);
        return (assistant, thread, file);
    }
}
