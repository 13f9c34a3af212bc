using System.ClientModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using Spindle.Testing;

namespace Spindle.Providers.Tests;

/// <summary>The fake's wire format, pinned with raw SSE and with the official SDK, since every integration test leans on it.</summary>
public sealed class FakeUpstreamTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync(TestContext.Current.CancellationToken);
        _http = new HttpClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_stream_without_include_usage_sends_role_pieces_finish_and_done_with_no_usage_field()
    {
        var ct = TestContext.Current.CancellationToken;
        _upstream.Enqueue(Script.Reply("Hi ", "there"));

        var events = await PostSseAsync("""{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}""", ct);

        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.Equal(4, chunks.Count);
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.All(chunks, c => Assert.False(c.TryGetProperty("usage", out _)));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal(["Hi ", "there"], chunks[1..3].Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        Assert.Equal("stop", chunks[3].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task A_stream_with_include_usage_ends_with_a_usage_chunk_whose_choices_are_empty()
    {
        var ct = TestContext.Current.CancellationToken;
        _upstream.Enqueue(Script.Reply("Hi").WithUsage(7, 3));

        var events = await PostSseAsync(
            """{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]}""", ct);

        var usageChunk = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        Assert.Equal((7, 3, 10), (
            usageChunk.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(),
            usageChunk.GetProperty("usage").GetProperty("completion_tokens").GetInt32(),
            usageChunk.GetProperty("usage").GetProperty("total_tokens").GetInt32()));
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(events[0]).RootElement.GetProperty("usage").ValueKind);
    }

    [Fact]
    public async Task A_tool_call_opens_with_id_type_and_name_then_streams_its_arguments()
    {
        var ct = TestContext.Current.CancellationToken;
        _upstream.Enqueue(Script.ToolCalls(("call_1", "f", """{"a":1}""")));

        var events = await PostSseAsync("""{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}""", ct);

        var calls = events[1..4].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("tool_calls")[0]).ToList();
        Assert.Equal(("call_1", "function", "f", ""), (
            calls[0].GetProperty("id").GetString(),
            calls[0].GetProperty("type").GetString(),
            calls[0].GetProperty("function").GetProperty("name").GetString(),
            calls[0].GetProperty("function").GetProperty("arguments").GetString()));
        Assert.All(calls, c => Assert.Equal(0, c.GetProperty("index").GetInt32()));
        Assert.Equal("""{"a":1}""", string.Concat(calls[1..].Select(c => c.GetProperty("function").GetProperty("arguments").GetString())));
        Assert.False(calls[1].TryGetProperty("id", out _));
    }

    [Fact]
    public async Task A_non_streaming_request_gets_one_completion_the_sdk_parses()
    {
        var ct = TestContext.Current.CancellationToken;
        _upstream.Enqueue(Script.Reply("Hello ", "world").WithUsage(5, 2));
        _upstream.Enqueue(Script.ToolCalls(("call_1", "f", "{}")));

        var chat = Sdk().GetChatClient("fake-model");
        ChatCompletion reply = await chat.CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: ct);
        ChatCompletion calls = await chat.CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: ct);

        Assert.Equal("Hello world", reply.Content[0].Text);
        Assert.Equal((ChatFinishReason.Stop, 5, 2), (reply.FinishReason, reply.Usage.InputTokenCount, reply.Usage.OutputTokenCount));
        Assert.Equal(ChatFinishReason.ToolCalls, calls.FinishReason);
        Assert.Equal(("call_1", "f", "{}"), (calls.ToolCalls[0].Id, calls.ToolCalls[0].FunctionName, calls.ToolCalls[0].FunctionArguments.ToString()));
    }

    [Fact]
    public async Task An_error_script_answers_with_openais_error_envelope()
    {
        var ct = TestContext.Current.CancellationToken;
        _upstream.Enqueue(Script.Error(429, "Slow down."));

        using var response = await _http.PostAsync(
            new Uri(_upstream.BaseUrl + "/chat/completions"),
            new StringContent("""{"model":"m","stream":true,"messages":[]}""", Encoding.UTF8, "application/json"),
            ct);

        Assert.Equal(429, (int)response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("error");
        Assert.Equal(("Slow down.", "requests", "rate_limit_exceeded"), (
            error.GetProperty("message").GetString(),
            error.GetProperty("type").GetString(),
            error.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Scripts_are_consumed_in_order_and_then_the_default_reply_is_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        _upstream.Enqueue(Script.Reply("first"));
        _upstream.Enqueue(Script.Reply("second"));

        var chat = Sdk().GetChatClient("fake-model");
        List<string> replies = [];
        for (var i = 0; i < 3; i++)
        {
            ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: ct);
            replies.Add(completion.Content[0].Text);
        }

        Assert.Equal(["first", "second", "Hello from the fake upstream."], replies);
        Assert.Equal(3, _upstream.Requests.Count);
    }

    [Fact]
    public async Task A_delay_holds_the_answer_back_at_least_that_long()
    {
        var ct = TestContext.Current.CancellationToken;
        _upstream.Enqueue(Script.Reply("late").WithDelay(TimeSpan.FromMilliseconds(300)));

        var started = Stopwatch.GetTimestamp();
        await Sdk().GetChatClient("fake-model").CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: ct);

        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Models_are_listed_for_the_sdk()
    {
        var ct = TestContext.Current.CancellationToken;

        var models = await Sdk().GetOpenAIModelClient().GetModelsAsync(ct);

        Assert.Equal(["fake-model", "gpt-4o"], models.Value.Select(m => m.Id));
    }

    [Fact]
    public async Task Embeddings_are_deterministic_unit_vectors_that_favour_shared_words()
    {
        var ct = TestContext.Current.CancellationToken;
        var embeddings = Sdk().GetEmbeddingClient("fake-embedding");

        var result = await embeddings.GenerateEmbeddingsAsync(["the cat sat on the mat", "a cat on a mat", "quantum chromodynamics"], cancellationToken: ct);
        var again = await embeddings.GenerateEmbeddingAsync("the cat sat on the mat", cancellationToken: ct);

        var vectors = result.Value.Select(e => e.ToFloats().ToArray()).ToList();
        Assert.All(vectors, v => Assert.Equal(64, v.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 4));
        Assert.Equal(vectors[0], again.Value.ToFloats().ToArray());
        Assert.True(Dot(vectors[0], vectors[1]) > Dot(vectors[0], vectors[2]));
    }

    private OpenAIClient Sdk() => new(new ApiKeyCredential("sk-test"), new OpenAIClientOptions { Endpoint = _upstream.BaseUrl });

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    private async Task<List<string>> PostSseAsync(string body, CancellationToken ct)
    {
        using var response = await _http.PostAsync(
            new Uri(_upstream.BaseUrl + "/chat/completions"),
            new StringContent(body, Encoding.UTF8, "application/json"),
            ct);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        var text = await response.Content.ReadAsStringAsync(ct);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        return [.. events.Select(e => e["data: ".Length..])];
    }
}
