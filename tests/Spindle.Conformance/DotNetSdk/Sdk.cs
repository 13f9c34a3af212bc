using System.ClientModel;
using OpenAI.Assistants;
using Spindle.Testing;

namespace Spindle.Conformance.DotNetSdk;

/// <summary>The official .NET client pointed at a <see cref="SpindleFixture"/>, plus the waits the scenarios share.</summary>
internal static class Sdk
{
    public const string UserQuestion = "I need to solve the equation `8x + 12 = 14`. Can you help me?";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    // Only the base URL changes: that is the whole promise Spindle makes to SDK users.
    public static AssistantClient Client(SpindleFixture spindle) =>
        new(new ApiKeyCredential(SpindleFixture.KeyA), new AssistantClientOptions { Endpoint = spindle.ApiUrl });

    public static Task<Assistant> CreateMathTutorAsync(AssistantClient client, CancellationToken cancellationToken, params ToolDefinition[] tools)
    {
        var options = new AssistantCreationOptions { Name = "Math Tutor", Instructions = "You are a personal math tutor." };
        foreach (var tool in tools)
            options.Tools.Add(tool);
        return Unwrap(client.CreateAssistantAsync("gpt-4o", options, cancellationToken));
    }

    public static async Task<AssistantThread> CreateThreadWithQuestionAsync(AssistantClient client, CancellationToken cancellationToken)
    {
        AssistantThread thread = await client.CreateThreadAsync(new ThreadCreationOptions(), cancellationToken);
        await client.CreateMessageAsync(thread.Id, MessageRole.User, [MessageContent.FromText(UserQuestion)], cancellationToken: cancellationToken);
        return thread;
    }

    /// <summary>Polls <c>GET …/runs/{id}</c> while <paramref name="keepWaiting"/> holds, as the SDK pollers do (ASSISTANTS_API.md O13).</summary>
    public static async Task<ThreadRun> PollRunAsync(AssistantClient client, ThreadRun run, Func<RunStatus, bool> keepWaiting, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RunTimeout);
        while (keepWaiting(run.Status))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
            run = await client.GetRunAsync(run.ThreadId, run.Id, timeout.Token);
        }

        return run;
    }

    /// <summary>Polls until the run leaves queued / in_progress / cancelling: the Node and Python "keep polling" set (§5.1).</summary>
    public static Task<ThreadRun> WaitForRunAsync(AssistantClient client, ThreadRun run, CancellationToken cancellationToken) =>
        PollRunAsync(client, run, static s => s == RunStatus.Queued || s == RunStatus.InProgress || s == RunStatus.Cancelling, cancellationToken);

    /// <summary>Reads a whole SDK stream into a list.</summary>
    public static async Task<List<StreamingUpdate>> CollectAsync(Task<AsyncStreamingResult<StreamingUpdate>> start, CancellationToken cancellationToken)
    {
        await using var stream = await start;
        List<StreamingUpdate> updates = [];
        await foreach (var update in stream.WithCancellation(cancellationToken))
            updates.Add(update);
        return updates;
    }

    public static string Text(ThreadMessage message) => string.Concat(message.Content.Select(static c => c.Text));

    private static async Task<T> Unwrap<T>(Task<ClientResult<T>> call) => await call;
}
