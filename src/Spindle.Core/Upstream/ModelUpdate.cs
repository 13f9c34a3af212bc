namespace Spindle.Core.Upstream;

/// <summary>One piece of a streamed model turn.</summary>
public abstract record ModelUpdate
{
    private ModelUpdate() { }

    public sealed record TextDelta(string Text) : ModelUpdate;

    /// <summary>
    /// A piece of tool call <paramref name="Index"/>. <paramref name="Id"/> and <paramref name="Name"/> come
    /// with the first piece of a call; later pieces carry only more of the arguments.
    /// </summary>
    public sealed record ToolCallDelta(int Index, string? Id, string? Name, string ArgumentsDelta) : ModelUpdate;

    /// <summary>
    /// The end of the turn. <paramref name="FinishReason"/> is the provider's (<c>stop</c>, <c>length</c>,
    /// <c>tool_calls</c>, <c>content_filter</c>); <paramref name="Usage"/> is null when the provider sent none.
    /// </summary>
    public sealed record Finished(string FinishReason, ModelUsage? Usage) : ModelUpdate;
}

/// <summary>Token counts the provider reported for one turn.</summary>
public sealed record ModelUsage(int PromptTokens, int CompletionTokens);
