namespace Spindle.Core.Upstream;

/// <summary>One chat-completions call: the prompt the executor built and the run's sampling settings.</summary>
public sealed record ModelRequest(string Model, IReadOnlyList<ModelMessage> Messages)
{
    public IReadOnlyList<ModelTool> Tools { get; init; } = [];

    /// <summary><c>auto</c>, <c>none</c>, <c>required</c>, or null for the provider default.</summary>
    public string? ToolChoice { get; init; }

    /// <summary>When set, the model must call this function.</summary>
    public string? ToolChoiceFunction { get; init; }

    public bool? ParallelToolCalls { get; init; }
    public float? Temperature { get; init; }
    public float? TopP { get; init; }
    public int? MaxCompletionTokens { get; init; }
    public ModelResponseFormat? ResponseFormat { get; init; }

    /// <summary>The caller's own upstream key (bring-your-own-key); null uses the provider's configured key.</summary>
    public string? ApiKey { get; init; }
}

/// <summary>A function the model may call. <paramref name="ParametersJson"/> is a JSON Schema object.</summary>
public sealed record ModelTool(string Name, string? Description, string? ParametersJson, bool? Strict);

/// <summary>A tool call the model made in an earlier turn.</summary>
public sealed record ModelToolCall(string Id, string Name, string Arguments);

/// <summary>The structured output the run asks for.</summary>
public sealed record ModelResponseFormat(string Type, string? SchemaName = null, string? SchemaJson = null, bool? Strict = null, string? Description = null);

/// <summary>One prompt message.</summary>
public abstract record ModelMessage
{
    private ModelMessage() { }

    public sealed record System(string Text) : ModelMessage;

    /// <summary>A user turn: text, optionally with image URLs.</summary>
    public sealed record User(string Text, IReadOnlyList<string> ImageUrls) : ModelMessage;

    public sealed record Assistant(string? Text, IReadOnlyList<ModelToolCall> ToolCalls) : ModelMessage;

    public sealed record Tool(string ToolCallId, string Content) : ModelMessage;
}
