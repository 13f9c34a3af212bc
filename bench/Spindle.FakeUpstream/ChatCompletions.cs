using System.Buffers;
using System.Diagnostics;
using System.Text.Json;

namespace Spindle.FakeUpstream;

/// <summary>
/// <c>POST /v1/chat/completions</c>, streamed or not, in the chunk shapes the real API sends. Headers go out at once;
/// the first token after the time to first token, then one token per delay, then <c>finish_reason</c>, usage when
/// asked for, and <c>data: [DONE]</c>.
/// </summary>
internal static class ChatCompletions
{
    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;
    private static ReadOnlySpan<byte> FrameEnd => "\n\n"u8;
    private static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;

    public static void Map(WebApplication app, UpstreamTiming defaults)
    {
        app.MapPost("/v1/chat/completions", (HttpContext context) => CompleteAsync(context, defaults));
        app.MapGet("/v1/models", static (HttpContext context) => context.Response.WriteAsync(
            """{"object":"list","data":[{"id":"fake","object":"model","created":0,"owned_by":"bench"}]}"""));
    }

    private static async Task CompleteAsync(HttpContext context, UpstreamTiming defaults)
    {
        var ct = context.RequestAborted;
        using var request = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: ct);
        var root = request.RootElement;
        var model = root.TryGetProperty("model", out var m) ? m.GetString() : null;
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = root.TryGetProperty("stream_options", out var o) && o.ValueKind == JsonValueKind.Object
            && o.TryGetProperty("include_usage", out var u) && u.ValueKind == JsonValueKind.True;
        var timing = defaults.ForModel(model);
        model ??= "fake";
        context.Response.ContentType = stream ? "text/event-stream" : "application/json";
        if (!stream)
        {
            await Task.Delay(timing.TimeToFirstTokenMs + (timing.TokenDelayMs * Math.Max(0, timing.Tokens - 1)), ct);
            await context.Response.Body.WriteAsync(Completion(model, timing.Tokens), ct);
            return;
        }

        var body = context.Response.BodyWriter;
        await context.Response.StartAsync(ct);
        // Each token is due at a fixed time from the request, so the waits' own overshoot (a millisecond or two each)
        // does not add up: the stream ends when the same reply without streaming does.
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < timing.Tokens; i++)
        {
            var due = TimeSpan.FromMilliseconds(timing.TimeToFirstTokenMs + (timing.TokenDelayMs * i)) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            Frame(body, w => Chunk(w, model, w2 =>
            {
                if (i == 0)
                {
                    w2.WriteString("role", "assistant");
                }

                w2.WriteString("content", Token(i));
            }, null, includeUsage));
            await body.FlushAsync(ct);
        }

        Frame(body, w => Chunk(w, model, static _ => { }, "stop", includeUsage));
        if (includeUsage)
        {
            Frame(body, w =>
            {
                Header(w, model);
                w.WriteStartArray("choices");
                w.WriteEndArray();
                Usage(w, timing.Tokens);
            });
        }

        body.Write(Done);
        await body.FlushAsync(ct);
    }

    private static string Token(int i) => i == 0 ? "Hello" : $" t{i}";

    private static void Frame(IBufferWriter<byte> body, Action<Utf8JsonWriter> write)
    {
        body.Write(DataPrefix);
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        body.Write(FrameEnd);
    }

    private static void Chunk(Utf8JsonWriter w, string model, Action<Utf8JsonWriter> delta, string? finish, bool includeUsage)
    {
        Header(w, model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        delta(w);
        w.WriteEndObject();
        w.WriteNull("logprobs");
        if (finish is null)
        {
            w.WriteNull("finish_reason");
        }
        else
        {
            w.WriteString("finish_reason", finish);
        }

        w.WriteEndObject();
        w.WriteEndArray();
        if (includeUsage)
        {
            w.WriteNull("usage");
        }
    }

    private static void Header(Utf8JsonWriter w, string model)
    {
        w.WriteString("id", "chatcmpl-bench");
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", 1_700_000_000);
        w.WriteString("model", model);
        w.WriteString("system_fingerprint", "fp_bench");
    }

    private static void Usage(Utf8JsonWriter w, int completionTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", 10);
        w.WriteNumber("completion_tokens", completionTokens);
        w.WriteNumber("total_tokens", 10 + completionTokens);
        w.WriteEndObject();
    }

    private static byte[] Completion(string model, int tokens)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", "chatcmpl-bench");
            w.WriteString("object", "chat.completion");
            w.WriteNumber("created", 1_700_000_000);
            w.WriteString("model", model);
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            w.WriteString("content", string.Concat(Enumerable.Range(0, tokens).Select(Token)));
            w.WriteNull("refusal");
            w.WriteEndObject();
            w.WriteNull("logprobs");
            w.WriteString("finish_reason", "stop");
            w.WriteEndObject();
            w.WriteEndArray();
            Usage(w, tokens);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
