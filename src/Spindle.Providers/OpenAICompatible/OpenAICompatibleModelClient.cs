using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using OpenAI;
using OpenAI.Chat;
using Spindle.Core.Telemetry;
using Spindle.Core.Upstream;

namespace Spindle.Providers.OpenAICompatible;

/// <summary>
/// One OpenAI-compatible chat-completions endpoint, over the official SDK's streaming client. Text and
/// tool-call argument deltas are yielded as each chunk arrives, never buffered (ASSISTANTS_API.md §6.4).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class OpenAICompatibleModelClient : IModelClient
{
    // OpenTelemetry's gen_ai.operation.name values.
    private const string Chat = "chat", Embeddings = "embeddings";

    // Local servers (llama.cpp, Ollama, vLLM) take no key, but the SDK refuses an empty credential.
    private const string NoKey = "no-key";

    private readonly string? _apiKey;
    private readonly OpenAIClient _client;

    public OpenAICompatibleModelClient(string name, Uri baseUrl, string? apiKey, IReadOnlyList<string> models)
    {
        Name = name;
        BaseUrl = baseUrl;
        Models = models;
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        _client = CreateClient(_apiKey);
    }

    public string Name { get; }

    public Uri BaseUrl { get; }

    /// <summary>The model ids configured for this provider; routing uses them, and listing falls back to them.</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>The key a call sends: the caller's own (bring-your-own-key), else the configured one; null for none.</summary>
    public string? KeyFor(string? callerKey) => string.IsNullOrEmpty(callerKey) ? _apiKey : callerKey;

    public async IAsyncEnumerable<ModelUpdate> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var messages = ChatRequestMapper.Messages(request);
        var options = ChatRequestMapper.Options(request);
        var key = string.IsNullOrEmpty(request.ApiKey) ? _apiKey : request.ApiKey;

        // A caller's own key gets a client of its own; clients share the SDK's one HTTP transport, so this is cheap.
        var chat = (key == _apiKey ? _client : CreateClient(key)).GetChatClient(request.Model);

        using var activity = SpindleTelemetry.StartUpstream(Chat, Name, request.Model);
        var started = Stopwatch.GetTimestamp();
        string? finishReason = null;
        ModelUsage? usage = null;
        var sawToolCall = false;
        await using var updates = chat.CompleteChatStreamingAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            StreamingChatCompletionUpdate update;
            try
            {
                if (!await updates.MoveNextAsync())
                    break;
                update = updates.Current;
            }
            catch (Exception e) when (UpstreamErrors.IsUpstreamFailure(e, cancellationToken))
            {
                var failure = UpstreamErrors.Translate(e, Name, key);
                SpindleTelemetry.RecordUpstream(activity, Chat, Name, started, failure.Code);
                throw failure;
            }

            foreach (var part in update.ContentUpdate)
            {
                if (!string.IsNullOrEmpty(part.Text))
                    yield return new ModelUpdate.TextDelta(part.Text);
            }

            // The Assistants API has no refusal content, so a refusal is shown as the reply's text.
            if (!string.IsNullOrEmpty(update.RefusalUpdate))
                yield return new ModelUpdate.TextDelta(update.RefusalUpdate);

            foreach (var call in update.ToolCallUpdates)
            {
                var arguments = call.FunctionArgumentsUpdate?.ToString() ?? "";
                if (call.ToolCallId is null && call.FunctionName is null && arguments.Length == 0)
                    continue;
                sawToolCall = true;
                yield return new ModelUpdate.ToolCallDelta(call.Index, call.ToolCallId, call.FunctionName, arguments);
            }

            if (update.FinishReason is { } reason)
                finishReason = FinishReason(reason);
            if (update.Usage is { } counts)
                usage = new ModelUsage(counts.InputTokenCount, counts.OutputTokenCount);
        }

        SpindleTelemetry.RecordUpstream(activity, Chat, Name, started, null);
        activity?.SetTag("gen_ai.usage.input_tokens", usage?.PromptTokens);
        activity?.SetTag("gen_ai.usage.output_tokens", usage?.CompletionTokens);

        // Usage comes in a chunk of its own after the finish_reason chunk, so Finished waits for the end.
        yield return new ModelUpdate.Finished(finishReason ?? (sawToolCall ? "tool_calls" : "stop"), usage);
    }

    /// <summary>Asks the provider's <c>/models</c>; when that fails, answers with the configured <see cref="Models"/>.</summary>
    public async Task<IReadOnlyList<ModelInfo>> ListModelsAsync(string? apiKey, CancellationToken cancellationToken)
    {
        var key = string.IsNullOrEmpty(apiKey) ? _apiKey : apiKey;
        try
        {
            var client = key == _apiKey ? _client : CreateClient(key);
            var models = await client.GetOpenAIModelClient().GetModelsAsync(cancellationToken);
            return [.. models.Value.Select(static m => new ModelInfo(m.Id, m.CreatedAt.ToUnixTimeSeconds(), m.OwnedBy))];
        }
        catch (Exception e) when (UpstreamErrors.IsUpstreamFailure(e, cancellationToken))
        {
            return [.. Models.Select(id => new ModelInfo(id, 0, Name))];
        }
    }

    /// <summary>Embeds <paramref name="inputs"/> with <paramref name="model"/> through the provider's <c>/embeddings</c>.</summary>
    public async Task<IReadOnlyList<float[]>> EmbedAsync(string model, IReadOnlyList<string> inputs, string? apiKey, CancellationToken cancellationToken)
    {
        var key = string.IsNullOrEmpty(apiKey) ? _apiKey : apiKey;
        using var activity = SpindleTelemetry.StartUpstream(Embeddings, Name, model);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var client = (key == _apiKey ? _client : CreateClient(key)).GetEmbeddingClient(model);
            var result = await client.GenerateEmbeddingsAsync(inputs, cancellationToken: cancellationToken);
            SpindleTelemetry.RecordUpstream(activity, Embeddings, Name, started, null);
            return [.. result.Value.OrderBy(static e => e.Index).Select(static e => e.ToFloats().ToArray())];
        }
        catch (Exception e) when (UpstreamErrors.IsUpstreamFailure(e, cancellationToken))
        {
            var failure = UpstreamErrors.Translate(e, Name, key);
            SpindleTelemetry.RecordUpstream(activity, Embeddings, Name, started, failure.Code);
            throw failure;
        }
    }

    private OpenAIClient CreateClient(string? apiKey) => new(new ApiKeyCredential(apiKey ?? NoKey), new OpenAIClientOptions
    {
        Endpoint = BaseUrl,

        // No SDK retries: a failed turn becomes the run's last_error (rate_limit_exceeded, server_error) at once, as on
        // OpenAI, instead of the run stalling through backoff and Retry-After waits the executor cannot see.
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

    private static string FinishReason(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls or ChatFinishReason.FunctionCall => "tool_calls",
        _ => "stop",
    };
}
