namespace Spindle.Testing;

/// <summary>
/// What the fake upstream answers to one chat-completions request. Immutable: every <c>With…</c> returns a copy.
/// </summary>
/// <remarks>
/// A streamed answer is sent as the real API sends it: a role chunk, then the <em>pieces</em>, then a chunk with
/// <c>finish_reason</c>, then (when the request asked for <c>stream_options.include_usage</c>) a usage chunk with
/// <c>choices: []</c>, then <c>data: [DONE]</c>. The pieces are the text chunks of a reply, or for tool calls each
/// call's opening chunk (index, id, name, empty arguments) followed by its arguments in two halves. Piece <c>k</c>
/// becomes the <c>k</c>-th delta a streaming client yields; <see cref="FailAfter"/> and
/// <see cref="HoldEachChunkUntil"/> count pieces.
/// </remarks>
public sealed record Script
{
    private Script() { }

    internal IReadOnlyList<string> TextChunks { get; private init; } = [];
    internal IReadOnlyList<(string Id, string Name, string Arguments)> Calls { get; private init; } = [];
    internal (int Status, string Message)? ErrorReply { get; private init; }
    internal (int Prompt, int Completion)? Usage { get; private init; }
    internal bool SendsUsage { get; private init; } = true;
    internal string? FinishReason { get; private init; }
    internal int? FailAfterChunks { get; private init; }
    internal TimeSpan Delay { get; private init; }
    internal Func<int, Task>? Gate { get; private init; }

    /// <summary>The answer when no script is queued.</summary>
    public static Script Default => Reply("Hello from the fake upstream.");

    /// <summary>Streams <paramref name="text"/> split after every space, so several deltas arrive.</summary>
    public static Script Reply(string text) => new() { TextChunks = SplitAfterSpaces(text) };

    /// <summary>Streams exactly these chunks, one delta each.</summary>
    public static Script Reply(params string[] chunks) => new() { TextChunks = [.. chunks] };

    /// <summary>Streams parallel function calls (indices 0, 1, …), each call's arguments in two pieces; finishes with <c>tool_calls</c>.</summary>
    public static Script ToolCalls(params (string Id, string Name, string Arguments)[] calls) => new() { Calls = [.. calls] };

    /// <summary>Answers with HTTP <paramref name="status"/> and OpenAI's error envelope, never a stream.</summary>
    public static Script Error(int status, string message) => new() { ErrorReply = (status, message) };

    /// <summary>Reports these token counts instead of the default estimate.</summary>
    public Script WithUsage(int promptTokens, int completionTokens) => this with { Usage = (promptTokens, completionTokens), SendsUsage = true };

    /// <summary>Sends no usage at all, even when the request asked for it.</summary>
    public Script WithoutUsage() => this with { SendsUsage = false };

    /// <summary>Overrides the finish reason (<c>stop</c> for replies, <c>tool_calls</c> for tool calls).</summary>
    public Script WithFinishReason(string finishReason) => this with { FinishReason = finishReason };

    /// <summary>
    /// Aborts the connection after <paramref name="chunks"/> pieces, before any finish chunk. With a gate, the abort
    /// waits for gate(<paramref name="chunks"/>), so the pieces before it are sure to have reached the client.
    /// </summary>
    public Script FailAfter(int chunks) => this with { FailAfterChunks = chunks };

    /// <summary>Waits this long before answering anything, headers included.</summary>
    public Script WithDelay(TimeSpan delay) => this with { Delay = delay };

    /// <summary>Awaits <paramref name="gate"/>(k) before sending piece k. See <see cref="ChunkGate"/>.</summary>
    public Script HoldEachChunkUntil(Func<int, Task> gate) => this with { Gate = gate };

    internal string EffectiveFinishReason => FinishReason ?? (Calls.Count > 0 ? "tool_calls" : "stop");

    private static string[] SplitAfterSpaces(string text)
    {
        List<string> chunks = [];
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != ' ')
                continue;
            chunks.Add(text[start..(i + 1)]);
            start = i + 1;
        }

        if (start < text.Length)
            chunks.Add(text[start..]);
        return [.. chunks];
    }
}
