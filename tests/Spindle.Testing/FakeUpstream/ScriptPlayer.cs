using System.Text.Json;

namespace Spindle.Testing;

/// <summary>Answers one chat-completions request with one <see cref="Script"/>, streamed or not.</summary>
internal static class ScriptPlayer
{
    private static readonly TimeSpan AbortGrace = TimeSpan.FromMilliseconds(100);

    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;
    private static ReadOnlySpan<byte> EventEnd => "\n\n"u8;

    // Node and .NET both compare the terminator to "[DONE]" exactly.
    private static ReadOnlySpan<byte> Done => "[DONE]"u8;

    public static async Task PlayAsync(HttpContext context, Script script, RecordedRequest request, CancellationToken cancellationToken)
    {
        if (script.Delay > TimeSpan.Zero)
            await Task.Delay(script.Delay, cancellationToken);

        if (script.ErrorReply is { } error)
        {
            context.Response.StatusCode = error.Status;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(ChunkWriter.Error(error.Status, error.Message), cancellationToken);
            return;
        }

        var json = request.Json;
        var model = json.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "fake-model";
        var stream = json.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = stream
            && json.TryGetProperty("stream_options", out var options)
            && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("include_usage", out var include)
            && include.ValueKind == JsonValueKind.True;

        var writer = new ChunkWriter(model, includeUsage);
        var pieces = Pieces(script, writer);
        (int Prompt, int Completion)? usage = script.SendsUsage
            ? script.Usage ?? (Math.Max(1, request.Body.Length / 4), Math.Max(1, pieces.Count))
            : null;

        if (!stream)
        {
            if (script.FailAfterChunks is not null)
            {
                context.Abort();
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(writer.Completion(script, usage), cancellationToken);
            return;
        }

        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(cancellationToken);
        await WriteEventAsync(context, writer.Role(toolCallsOnly: script.TextChunks.Count == 0 && script.Calls.Count > 0), cancellationToken);

        for (var k = 0; k < pieces.Count; k++)
        {
            if (script.Gate is { } gate)
                await gate(k).WaitAsync(cancellationToken);
            if (script.FailAfterChunks == k)
            {
                await AbortAsync(context, script, cancellationToken);
                return;
            }

            await WriteEventAsync(context, pieces[k], cancellationToken);
        }

        if (script.FailAfterChunks is not null)
        {
            if (script.Gate is { } gate)
                await gate(pieces.Count).WaitAsync(cancellationToken);
            await AbortAsync(context, script, cancellationToken);
            return;
        }

        await WriteEventAsync(context, writer.Finish(script.EffectiveFinishReason), cancellationToken);
        if (includeUsage && usage is { } counts)
            await WriteEventAsync(context, writer.UsageChunk(counts.Prompt, counts.Completion), cancellationToken);
        await WriteEventAsync(context, Done.ToArray(), cancellationToken);
    }

    private static List<byte[]> Pieces(Script script, ChunkWriter writer)
    {
        List<byte[]> pieces = [.. script.TextChunks.Select(writer.Text)];
        for (var index = 0; index < script.Calls.Count; index++)
        {
            var (id, name, arguments) = script.Calls[index];
            pieces.Add(writer.ToolCallOpening(index, id, name));
            foreach (var half in Halves(arguments))
                pieces.Add(writer.ToolCallArguments(index, half));
        }

        return pieces;
    }

    private static IEnumerable<string> Halves(string arguments)
    {
        if (arguments.Length < 2)
        {
            if (arguments.Length == 1)
                yield return arguments;
            yield break;
        }

        var middle = arguments.Length / 2;
        if (char.IsHighSurrogate(arguments[middle - 1]))
            middle++;
        yield return arguments[..middle];
        if (middle < arguments.Length)
            yield return arguments[middle..];
    }

    // Kestrel's flush only hands bytes to its transport, and Abort() drops whatever it has not sent yet. With a gate
    // the test has already seen every piece before it opens the next; without one, a short grace lets them drain.
    private static async Task AbortAsync(HttpContext context, Script script, CancellationToken cancellationToken)
    {
        if (script.Gate is null)
            await Task.Delay(AbortGrace, cancellationToken);
        context.Abort();
    }

    private static async Task WriteEventAsync(HttpContext context, byte[] data, CancellationToken cancellationToken)
    {
        var frame = new byte[DataPrefix.Length + data.Length + EventEnd.Length];
        DataPrefix.CopyTo(frame);
        data.CopyTo(frame.AsSpan(DataPrefix.Length));
        EventEnd.CopyTo(frame.AsSpan(DataPrefix.Length + data.Length));
        await context.Response.Body.WriteAsync(frame, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
