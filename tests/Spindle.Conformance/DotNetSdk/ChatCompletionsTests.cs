using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using Spindle.Testing;

namespace Spindle.Conformance.DotNetSdk;

/// <summary>
/// The .NET SDK's <see cref="ChatClient"/> and <see cref="EmbeddingClient"/> pointed at Spindle: one base URL and one
/// key for assistants, chat completions and embeddings alike.
/// </summary>
public sealed class ChatCompletionsTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private readonly OpenAIClient _client = new(new ApiKeyCredential(SpindleFixture.KeyA), new OpenAIClientOptions { Endpoint = spindle.ApiUrl });

    [Fact]
    public async Task CompleteChat_returns_the_providers_reply()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("x = 1/4").WithUsage(12, 4));

        ChatCompletion completion = await _client.GetChatClient("gpt-4o").CompleteChatAsync(
            [new SystemChatMessage("You are a personal math tutor."), new UserChatMessage(Sdk.UserQuestion)], cancellationToken: ct);

        Assert.Equal("x = 1/4", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal((12, 4), (completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount));
        Assert.Equal("Bearer sk-upstream", spindle.Upstream.Requests[^1].Authorization);
    }

    [Fact]
    public async Task CompleteChatStreaming_yields_every_chunk_and_streamed_tool_call_arguments()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] chunks = ["Subtract 12, ", "then divide ", "by 8."];
        spindle.Upstream.Enqueue(Script.Reply(chunks));
        var chat = _client.GetChatClient("gpt-4o");

        List<string> texts = [];
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(Sdk.UserQuestion)], cancellationToken: ct))
            texts.AddRange(update.ContentUpdate.Select(static p => p.Text));
        Assert.Equal(chunks, texts.Where(static t => t.Length > 0));

        spindle.Upstream.Enqueue(Script.ToolCalls(("call_w", "get_weather", """{"city":"Paris"}""")));
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather now", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""")) },
        };
        List<StreamingChatToolCallUpdate> calls = [];
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Weather in Paris?")], options, ct))
        {
            calls.AddRange(update.ToolCallUpdates);
            finish ??= update.FinishReason;
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal(("call_w", "get_weather"), (calls[0].ToolCallId, calls[0].FunctionName));
        Assert.Equal("""{"city":"Paris"}""", string.Concat(calls.Select(static c => c.FunctionArgumentsUpdate?.ToString())));
        Assert.Equal("get_weather", spindle.Upstream.Requests[^1].Json.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_provider_error_surfaces_as_the_SDKs_ClientResultException()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Error(400, "This model's maximum context length is 128000 tokens."));

        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            _client.GetChatClient("gpt-4o").CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: ct));

        Assert.Equal(400, error.Status);
        Assert.Contains("maximum context length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateEmbeddings_returns_one_vector_per_input()
    {
        var ct = TestContext.Current.CancellationToken;

        string[] inputs = ["crème brûlée", "burnt cream", "quantum chromodynamics"];
        var direct = new OpenAIClient(new ApiKeyCredential("sk-upstream"), new OpenAIClientOptions { Endpoint = spindle.Upstream.BaseUrl });

        OpenAIEmbeddingCollection embeddings = await _client.GetEmbeddingClient("text-embedding-3-small").GenerateEmbeddingsAsync(inputs, cancellationToken: ct);
        OpenAIEmbeddingCollection expected = await direct.GetEmbeddingClient("text-embedding-3-small").GenerateEmbeddingsAsync(inputs, cancellationToken: ct);

        Assert.Equal([0, 1, 2], embeddings.Select(static e => e.Index));
        Assert.Equal(expected.Select(static e => e.ToFloats().ToArray()), embeddings.Select(static e => e.ToFloats().ToArray()));
    }
}
