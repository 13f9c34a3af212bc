using System.Text.Json;
using Spindle.Core.Upstream;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>
/// A run's settings as one chat-completions request: its function tools and the built-in tools as functions,
/// tool_choice (a forced built-in tool becomes a forced function of that name), sampling and response format.
/// </summary>
internal static class ModelRequests
{
    public static ModelRequest For(Run run, Prompt prompt, int? maxCompletionTokens, string? apiKey)
    {
        var tools = run.Tools.Where(t => t.Function is not null)
            .Select(t => new ModelTool(t.Function!.Name!, t.Function.Description, t.Function.Parameters?.GetRawText(), t.Function.Strict))
            .Concat(BuiltInTools.Offered(run.Tools))
            .ToList();
        var choice = run.ToolChoice;
        var (toolChoice, forced) = choice.ValueKind switch
        {
            JsonValueKind.String => (choice.GetString(), (string?)null),
            JsonValueKind.Object when choice.TryGetProperty("function", out var f) => ("required", f.GetProperty("name").GetString()),
            JsonValueKind.Object when choice.GetProperty("type").GetString() is { } builtIn => ("required", builtIn),
            _ => (null, null),
        };
        return new ModelRequest(run.Model, prompt.Messages)
        {
            Tools = tools,
            ToolChoice = tools.Count == 0 ? null : toolChoice,
            ToolChoiceFunction = forced,
            ParallelToolCalls = tools.Count == 0 ? null : run.ParallelToolCalls,
            Temperature = (float?)run.Temperature,
            TopP = (float?)run.TopP,
            MaxCompletionTokens = maxCompletionTokens,
            ResponseFormat = ResponseFormat(run.ResponseFormat),
            ApiKey = apiKey,
        };
    }

    private static ModelResponseFormat? ResponseFormat(JsonElement format)
    {
        if (format.ValueKind != JsonValueKind.Object || format.GetProperty("type").GetString() is not { } type)
        {
            return null;
        }

        if (type != "json_schema")
        {
            return new ModelResponseFormat(type);
        }

        var schema = format.GetProperty("json_schema");
        return new ModelResponseFormat(type,
            schema.GetProperty("name").GetString(),
            schema.TryGetProperty("schema", out var s) ? s.GetRawText() : null,
            schema.TryGetProperty("strict", out var strict) && strict.ValueKind is JsonValueKind.True,
            schema.TryGetProperty("description", out var d) ? d.GetString() : null);
    }
}
