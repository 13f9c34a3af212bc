using System.Net;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Server.Tests.Streaming;

/// <summary>A stream request that fails validation gets a plain JSON error before any byte of a stream (ASSISTANTS_API.md §6.1).</summary>
public sealed class StreamValidationTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Streamed_run_for_an_unknown_assistant_is_a_json_404()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, thread) = await spindle.SeedAsync(ct);

        var reply = await SseTranscript.PostAsync(spindle.Http, $"/v1/threads/{thread}/runs", """{"assistant_id":"asst_nope","stream":true}""", ct);

        AssertJsonError(reply, HttpStatusCode.NotFound);
        Assert.Equal("No assistant found with id 'asst_nope'.", Error(reply).GetProperty("message").GetString());
        await AssertNoRunAsync(thread, ct);
    }

    [Fact]
    public async Task Streamed_run_with_a_temperature_above_two_is_a_json_400()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread) = await spindle.SeedAsync(ct);

        var reply = await SseTranscript.PostAsync(spindle.Http, $"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","temperature":3,"stream":true}""", ct);

        AssertJsonError(reply, HttpStatusCode.BadRequest, "temperature");
        await AssertNoRunAsync(thread, ct);
    }

    [Fact]
    public async Task Streamed_create_and_run_for_an_unknown_assistant_is_a_json_404()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await SseTranscript.PostAsync(spindle.Http, "/v1/threads/runs",
            """{"assistant_id":"asst_nope","thread":{"messages":[{"role":"user","content":"Hi"}]},"stream":true}""", ct);

        AssertJsonError(reply, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Streamed_tool_outputs_for_an_unknown_run_are_a_json_404()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, thread) = await spindle.SeedAsync(ct);

        var reply = await SseTranscript.PostAsync(spindle.Http, $"/v1/threads/{thread}/runs/run_nope/submit_tool_outputs",
            """{"tool_outputs":[{"tool_call_id":"call_1","output":"x"}],"stream":true}""", ct);

        AssertJsonError(reply, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Run_without_the_stream_flag_is_json_even_when_the_client_accepts_event_streams()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("Plain."));
        var (assistant, thread) = await spindle.SeedAsync(ct);

        // The .NET SDK always sends this Accept header; only the body flag decides (ASSISTANTS_API.md §6.1).
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/threads/{thread}/runs")
        {
            Content = new StringContent($$"""{"assistant_id":"{{assistant}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        using var response = await spindle.Http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal("thread.run", run.GetProperty("object").GetString());
        Assert.Equal("completed", (await spindle.WaitForRunAsync(thread, run.GetProperty("id").GetString()!, ct)).Json.GetProperty("status").GetString());
    }

    private static JsonElement Error(SseTranscript reply) => JsonDocument.Parse(reply.Raw).RootElement.GetProperty("error");

    // A not-found's param is left to the error factory (OpenAI sends null there); a bad value names its field.
    private static void AssertJsonError(SseTranscript reply, HttpStatusCode status, string? param = null)
    {
        Assert.Equal(status, reply.Status);
        Assert.StartsWith("application/json", reply.ContentType, StringComparison.Ordinal);
        Assert.DoesNotContain("event:", reply.Raw, StringComparison.Ordinal);
        var error = Error(reply);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.True(error.TryGetProperty("param", out var actual), "The error envelope always has param (ASSISTANTS_API.md §1.6).");
        if (param is not null)
        {
            Assert.Equal(param, actual.GetString());
        }

        Assert.True(error.TryGetProperty("code", out _), "The error envelope always has code (ASSISTANTS_API.md §1.6).");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    private async Task AssertNoRunAsync(string thread, CancellationToken cancellationToken)
    {
        var runs = await spindle.GetAsync($"/v1/threads/{thread}/runs", cancellationToken);
        Assert.Equal(0, runs.Json.GetProperty("data").GetArrayLength());
    }
}
