using System.Text.Json;

namespace Spindle.Core.Wire;

/// <summary>Values OpenAI sends when the caller set nothing.</summary>
public static class WireDefaults
{
    /// <summary>The string <c>"auto"</c>, the default of <c>response_format</c> and <c>tool_choice</c>.</summary>
    public static JsonElement Auto { get; } = JsonDocument.Parse("\"auto\"").RootElement.Clone();

    public static TruncationStrategy Truncation { get; } = new("auto", null);
}
