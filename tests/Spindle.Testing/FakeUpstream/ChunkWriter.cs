using System.Buffers;
using System.Text.Json;

namespace Spindle.Testing;

/// <summary>
/// Writes the JSON the real chat-completions API sends, field for field, so the official SDKs parse it
/// (https://platform.openai.com/docs/api-reference/chat-streaming/streaming).
/// </summary>
internal sealed class ChunkWriter(string model, bool includeUsage)
{
    private readonly string _id = "chatcmpl-fake" + Guid.NewGuid().ToString("N")[..20];
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    // The API's first chunk carries the role and an empty content (null when the turn is only tool calls).
    public byte[] Role(bool toolCallsOnly) => Chunk(w =>
    {
        w.WriteString("role", "assistant");
        if (toolCallsOnly)
            w.WriteNull("content");
        else
            w.WriteString("content", "");
        w.WriteNull("refusal");
    }, finishReason: null);

    public byte[] Text(string text) => Chunk(w => w.WriteString("content", text), finishReason: null);

    public byte[] ToolCallOpening(int index, string id, string name) => Chunk(w => WriteToolCall(w, index, id, name, ""), finishReason: null);

    public byte[] ToolCallArguments(int index, string arguments) => Chunk(w => WriteToolCall(w, index, id: null, name: null, arguments), finishReason: null);

    public byte[] Finish(string finishReason) => Chunk(static _ => { }, finishReason);

    // Sent only when the request had stream_options.include_usage; then every other chunk has "usage": null.
    public byte[] UsageChunk(int promptTokens, int completionTokens) => Json(w =>
    {
        WriteHeader(w, "chat.completion.chunk");
        w.WriteStartArray("choices");
        w.WriteEndArray();
        WriteUsage(w, promptTokens, completionTokens);
    });

    public byte[] Completion(Script script, (int Prompt, int Completion)? usage) => Json(w =>
    {
        WriteHeader(w, "chat.completion");
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        if (script.Calls.Count > 0 && script.TextChunks.Count == 0)
            w.WriteNull("content");
        else
            w.WriteString("content", string.Concat(script.TextChunks));
        w.WriteNull("refusal");
        if (script.Calls.Count > 0)
        {
            w.WriteStartArray("tool_calls");
            foreach (var call in script.Calls)
            {
                w.WriteStartObject();
                w.WriteString("id", call.Id);
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", call.Name);
                w.WriteString("arguments", call.Arguments);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", script.EffectiveFinishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        if (usage is { } counts)
            WriteUsage(w, counts.Prompt, counts.Completion);
    });

    public static byte[] Error(int status, string message) => Json(w =>
    {
        var (type, code) = status switch
        {
            400 => ("invalid_request_error", null),
            401 => ("invalid_request_error", "invalid_api_key"),
            404 => ("invalid_request_error", "model_not_found"),
            429 => ("requests", "rate_limit_exceeded"),
            _ => ("server_error", (string?)null),
        };
        w.WriteStartObject("error");
        w.WriteString("message", message);
        w.WriteString("type", type);
        w.WriteNull("param");
        if (code is null)
            w.WriteNull("code");
        else
            w.WriteString("code", code);
        w.WriteEndObject();
    });

    public static byte[] Json(Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private byte[] Chunk(Action<Utf8JsonWriter> writeDelta, string? finishReason) => Json(w =>
    {
        WriteHeader(w, "chat.completion.chunk");
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        writeDelta(w);
        w.WriteEndObject();
        w.WriteNull("logprobs");
        if (finishReason is null)
            w.WriteNull("finish_reason");
        else
            w.WriteString("finish_reason", finishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        if (includeUsage)
            w.WriteNull("usage");
    });

    private void WriteHeader(Utf8JsonWriter w, string objectType)
    {
        w.WriteString("id", _id);
        w.WriteString("object", objectType);
        w.WriteNumber("created", _created);
        w.WriteString("model", model);
        w.WriteString("system_fingerprint", "fp_fake");
    }

    private static void WriteToolCall(Utf8JsonWriter w, int index, string? id, string? name, string arguments)
    {
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", index);
        if (id is not null)
        {
            w.WriteString("id", id);
            w.WriteString("type", "function");
        }

        w.WriteStartObject("function");
        if (name is not null)
            w.WriteString("name", name);
        w.WriteString("arguments", arguments);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteUsage(Utf8JsonWriter w, int promptTokens, int completionTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", promptTokens);
        w.WriteNumber("completion_tokens", completionTokens);
        w.WriteNumber("total_tokens", promptTokens + completionTokens);
        w.WriteEndObject();
    }
}
