using System.ClientModel;
using System.Text.Json;
using OpenAI.Assistants;
using Spindle.Testing;

namespace Spindle.Conformance.DotNetSdk;

/// <summary>Assistant, thread and message CRUD through <see cref="AssistantClient"/> (ASSISTANTS_API.md §1.3, §1.5, §1.6).</summary>
public sealed class ResourceTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private readonly AssistantClient _client = Sdk.Client(spindle);

    [Fact]
    public async Task Modify_sets_metadata_on_assistant_thread_and_message()
    {
        var ct = TestContext.Current.CancellationToken;
        var assistant = await Sdk.CreateMathTutorAsync(_client, ct);
        var thread = await Sdk.CreateThreadWithQuestionAsync(_client, ct);
        var message = await _client.GetMessagesAsync(thread.Id, cancellationToken: ct).SingleAsync(ct);

        Assistant modified = await _client.ModifyAssistantAsync(assistant.Id,
            new AssistantModificationOptions { Name = "Algebra Tutor", Metadata = { ["course"] = "SISTCA" } }, ct);
        AssistantThread modifiedThread = await _client.ModifyThreadAsync(thread.Id,
            new ThreadModificationOptions { Metadata = { ["topic"] = "linear equations" } }, ct);
        ThreadMessage modifiedMessage = await _client.ModifyMessageAsync(thread.Id, message.Id,
            new MessageModificationOptions { Metadata = { ["flag"] = "homework" } }, ct);

        Assert.Equal(("Algebra Tutor", "SISTCA"), (modified.Name, modified.Metadata["course"]));
        Assert.Equal("You are a personal math tutor.", modified.Instructions);
        Assert.Equal("linear equations", Assert.Single(modifiedThread.Metadata).Value);
        Assert.Equal("homework", Assert.Single(modifiedMessage.Metadata).Value);

        // Re-read: the changes are stored, not just echoed.
        Assistant reread = await _client.GetAssistantAsync(assistant.Id, ct);
        AssistantThread rereadThread = await _client.GetThreadAsync(thread.Id, ct);
        ThreadMessage rereadMessage = await _client.GetMessageAsync(thread.Id, message.Id, ct);
        Assert.Equal(("Algebra Tutor", "SISTCA"), (reread.Name, reread.Metadata["course"]));
        Assert.Equal("linear equations", rereadThread.Metadata["topic"]);
        Assert.Equal("homework", rereadMessage.Metadata["flag"]);
        Assert.Equal(Sdk.UserQuestion, Sdk.Text(rereadMessage));
    }

    [Fact]
    public async Task Delete_returns_deleted_and_the_objects_are_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        var assistant = await Sdk.CreateMathTutorAsync(_client, ct);
        var thread = await Sdk.CreateThreadWithQuestionAsync(_client, ct);

        AssistantDeletionResult assistantDeleted = await _client.DeleteAssistantAsync(assistant.Id, ct);
        ThreadDeletionResult threadDeleted = await _client.DeleteThreadAsync(thread.Id, ct);

        Assert.Equal((assistant.Id, true), (assistantDeleted.AssistantId, assistantDeleted.Deleted));
        Assert.Equal((thread.Id, true), (threadDeleted.ThreadId, threadDeleted.Deleted));
        Assert.Equal(404, (await Assert.ThrowsAsync<ClientResultException>(() => _client.GetAssistantAsync(assistant.Id, ct))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<ClientResultException>(() => _client.GetThreadAsync(thread.Id, ct))).Status);
    }

    [Fact]
    public async Task Unknown_assistant_surfaces_as_ClientResultException_with_status_404()
    {
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<ClientResultException>(() => _client.GetAssistantAsync("asst_doesnotexist", ct));

        Assert.Equal(404, error.Status);
        Assert.Contains("asst_doesnotexist", error.Message, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(error.GetRawResponse()!.Content);
        Assert.Equal("invalid_request_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Unknown_key_surfaces_as_ClientResultException_with_status_401()
    {
        var ct = TestContext.Current.CancellationToken;
        var stranger = new AssistantClient(new ApiKeyCredential("sk-not-a-tenant"), new AssistantClientOptions { Endpoint = spindle.ApiUrl });

        var error = await Assert.ThrowsAsync<ClientResultException>(() => stranger.GetAssistantAsync("asst_any", ct));

        Assert.Equal(401, error.Status);
    }
}
