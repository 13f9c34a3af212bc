using System.Net;
using System.Text;
using System.Text.Json;
using Spindle.Server.Tests.Errors;
using Spindle.Testing;

namespace Spindle.Server.Tests.ChatCompletions;

/// <summary>
/// <c>POST /v1/chat/completions</c> and <c>/v1/embeddings</c> pass through to the routed provider: the request as the
/// caller wrote it, the answer as the provider wrote it (a stream chunk for chunk, byte for byte), under Spindle's
/// own keys and tenants. The caller's Spindle key never reaches the provider.
/// </summary>
public sealed class ChatCompletionsWireTests(PassThroughSpindle spindle) : IClassFixture<PassThroughSpindle>
{
    private const string Weather = """{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}""";

    [Fact]
    public async Task Non_streamed_completion_is_the_providers_body_and_uses_the_providers_key()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("Hello there, student."));
        const string body = """{"model":"gpt-4o","messages":[{"role":"system","content":"Be\nbrief."},{"role":"user","content":"Hi"}],"temperature":0.2}""";

        var reply = await spindle.PostAsync("/v1/chat/completions", body, ct);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var upstream = spindle.Upstream.Requests[^1];
        Assert.Equal(body, upstream.Body);
        Assert.Equal("Bearer sk-upstream", upstream.Authorization);
        Assert.Equal(Encoding.UTF8.GetString(upstream.ResponseBody), reply.Body);
        Assert.Equal("Hello there, student.", reply.Json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Streamed_completion_arrives_chunk_by_chunk_with_the_providers_exact_bytes()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new ChunkGate();
        spindle.Upstream.Enqueue(Script.Reply("Crème ", "brûlée 🍮").HoldEachChunkUntil(gate.WaitAsync));
        const string body = """{"model":"gpt-4o","messages":[{"role":"user","content":"Dessert?"}],"stream":true,"stream_options":{"include_usage":true}}""";

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await spindle.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        // The first piece reaches the client while the provider still holds the second.
        var stream = await response.Content.ReadAsStreamAsync(ct);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (!Encoding.UTF8.GetString(received.ToArray()).Contains("\"content\":\"Cr\\u00E8me \"", StringComparison.Ordinal)
            && !Encoding.UTF8.GetString(received.ToArray()).Contains("\"content\":\"Crème \"", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, ct);
            Assert.True(read > 0, "the stream ended before the first piece");
            received.Write(buffer, 0, read);
        }

        Assert.DoesNotContain("brûlée", Encoding.UTF8.GetString(received.ToArray()), StringComparison.Ordinal);
        gate.ReleaseAll();
        await stream.CopyToAsync(received, ct);

        Assert.Equal(spindle.Upstream.Requests[^1].ResponseBody, received.ToArray());
        Assert.EndsWith("data: [DONE]\n\n", Encoding.UTF8.GetString(received.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_calls_pass_through_streamed_and_not()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = $$"""{"model":"gpt-4o","messages":[{"role":"user","content":"Weather in Paris?"}],"tools":[{{Weather}}],"tool_choice":"auto","stream":true}""";
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_1", "get_weather", """{"city":"Paris"}""")));

        var events = await spindle.PostSseAsync("/v1/chat/completions", body, ct);

        var upstream = spindle.Upstream.Requests[^1];
        Assert.Equal(body, upstream.Body);
        Assert.Equal(Encoding.UTF8.GetString(upstream.ResponseBody), string.Concat(events.Select(static e => $"data: {e.Data}\n\n")));
        var arguments = string.Concat(events.SkipLast(1)
            .Select(static e => JsonDocument.Parse(e.Data).RootElement.GetProperty("choices"))
            .Where(static c => c.GetArrayLength() > 0 && c[0].GetProperty("delta").TryGetProperty("tool_calls", out _))
            .Select(static c => c[0].GetProperty("delta").GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString()));
        Assert.Equal("""{"city":"Paris"}""", arguments);

        spindle.Upstream.Enqueue(Script.ToolCalls(("call_2", "get_weather", """{"city":"Oslo"}""")));
        var reply = await spindle.PostAsync("/v1/chat/completions", body.Replace(",\"stream\":true", "", StringComparison.Ordinal), ct);
        var call = reply.Json.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal(("call_2", """{"city":"Oslo"}"""), (call.GetProperty("id").GetString(), call.GetProperty("function").GetProperty("arguments").GetString()));
        Assert.Equal("tool_calls", reply.Json.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task A_provider_prefix_routes_and_is_stripped_from_the_model()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("routed"));

        var reply = await spindle.PostAsync("/v1/chat/completions", """{"messages":[{"role":"user","content":"Hi"}],"model":"fake/fake-model"}""", ct);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var upstream = spindle.Upstream.Requests[^1].Json;
        Assert.Equal("fake-model", upstream.GetProperty("model").GetString());
        Assert.Equal("Hi", upstream.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_provider_error_keeps_its_status_and_OpenAIs_envelope()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Error(429, "Rate limit reached for gpt-4o."));

        var reply = await spindle.PostAsync("/v1/chat/completions", """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"stream":true}""", ct);

        var error = ErrorEnvelope.Assert(reply, HttpStatusCode.TooManyRequests, null, "rate_limit_exceeded", type: "requests");
        Assert.Equal("Rate limit reached for gpt-4o.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unreachable_provider_is_a_502_server_error_envelope()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await spindle.PostAsync("/v1/chat/completions", """{"model":"down/gpt-4o","messages":[{"role":"user","content":"Hi"}]}""", ct);

        Assert.Equal(HttpStatusCode.BadGateway, reply.Status);
        Assert.Equal("server_error", reply.Error.GetProperty("type").GetString());
        Assert.Contains("Could not reach upstream 'down'", reply.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"messages":[]}""", "model", "missing_required_parameter")]
    [InlineData("""{"model":""", null, null)]
    public async Task Bad_bodies_are_refused_before_the_provider(string body, string? param, string? code)
    {
        var ct = TestContext.Current.CancellationToken;
        var before = spindle.Upstream.Requests.Count;

        var reply = await spindle.PostAsync("/v1/chat/completions", body, ct);

        ErrorEnvelope.Assert(reply, HttpStatusCode.BadRequest, param, code);
        Assert.Equal(before, spindle.Upstream.Requests.Count);
    }

    [Fact]
    public async Task Chat_completions_need_a_valid_Spindle_key()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = spindle.CreateClient(null, beta: false);
        using var stranger = spindle.CreateClient("sk-not-configured", beta: false);
        const string body = """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}""";

        ErrorEnvelope.Assert(await SpindleFixture.SendAsync(anonymous, HttpMethod.Post, "/v1/chat/completions", body, ct), HttpStatusCode.Unauthorized, null);
        ErrorEnvelope.Assert(await SpindleFixture.SendAsync(stranger, HttpMethod.Post, "/v1/embeddings", body, ct), HttpStatusCode.Unauthorized, null, "invalid_api_key");
    }

    [Fact]
    public async Task Embeddings_are_the_providers_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        const string body = """{"model":"text-embedding-3-small","input":["crème brûlée","burnt cream"],"encoding_format":"float"}""";
        using var direct = new HttpClient();
        using var expected = await direct.PostAsync(new Uri(spindle.Upstream.BaseUrl + "/embeddings"), new StringContent(body, Encoding.UTF8, "application/json"), ct);

        var reply = await spindle.PostAsync("/v1/embeddings", body, ct);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(await expected.Content.ReadAsStringAsync(ct), reply.Body);
        Assert.Equal(2, reply.Json.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Azure_deployment_paths_name_the_model()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("from Azure"));
        using var azure = new HttpClient { BaseAddress = spindle.BaseUrl };
        azure.DefaultRequestHeaders.Add("api-key", SpindleFixture.KeyB);

        var reply = await SpindleFixture.SendAsync(azure, HttpMethod.Post,
            "/openai/deployments/fake-model/chat/completions?api-version=2024-10-21", """{"messages":[{"role":"user","content":"Hi"}]}""", ct);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("fake-model", spindle.Upstream.Requests[^1].Json.GetProperty("model").GetString());
        Assert.Equal("from Azure", reply.Json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }
}
