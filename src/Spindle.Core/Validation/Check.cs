using System.Text.Json;
using System.Text.RegularExpressions;
using Spindle.Core.Errors;
using Spindle.Core.Wire;

namespace Spindle.Core.Validation;

/// <summary>
/// The request rules OpenAI enforces that the JSON schema alone does not (ASSISTANTS_API.md §1.3, §3.2, §4).
/// Each throws an <see cref="ApiException"/> naming the offending parameter.
/// </summary>
public static partial class Check
{
    public static string Required(string? value, string param) =>
        string.IsNullOrEmpty(value) ? throw ApiErrors.MissingParameter(param) : value;

    public static void MaxLength(string? value, int max, string param)
    {
        if (value is not null && value.Length > max)
        {
            throw ApiErrors.InvalidValue(param, $"Invalid '{param}': string too long. Expected a string with maximum length {max}, but got a string with length {value.Length} instead.");
        }
    }

    public static IReadOnlyDictionary<string, string> Metadata(Dictionary<string, string>? metadata, string param = "metadata")
    {
        if (metadata is null)
        {
            return new Dictionary<string, string>();
        }

        if (metadata.Count > 16)
        {
            throw ApiErrors.InvalidValue(param, $"Invalid '{param}': too many properties. Expected an object with at most 16 properties, but got an object with {metadata.Count} properties instead.");
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length > 64)
            {
                throw ApiErrors.InvalidValue($"{param}.{key}", $"Invalid '{param}': key '{key}' is longer than 64 characters.");
            }

            if (value is null)
            {
                throw ApiErrors.InvalidType($"{param}.{key}", "a string");
            }

            if (value.Length > 512)
            {
                throw ApiErrors.InvalidValue($"{param}.{key}", $"Invalid '{param}.{key}': string too long. Expected a string with maximum length 512, but got a string with length {value.Length} instead.");
            }
        }

        return metadata;
    }

    public static void Range(double? value, double min, double max, string param)
    {
        if (value is { } v && (v < min || v > max || double.IsNaN(v)))
        {
            throw ApiErrors.InvalidValue(param, $"Invalid '{param}': decimal above maximum value. Expected a value between {min} and {max}, but got {v} instead.");
        }
    }

    public static void AtLeast(int? value, int min, string param)
    {
        if (value is { } v && v < min)
        {
            throw ApiErrors.InvalidValue(param, $"Invalid '{param}': integer below minimum value. Expected a value greater than or equal to {min}, but got {v} instead.");
        }
    }

    public static IReadOnlyList<Tool> Tools(List<Tool>? tools, int max, string param = "tools")
    {
        if (tools is null)
        {
            return [];
        }

        if (tools.Count > max)
        {
            throw ApiErrors.InvalidValue(param, $"Invalid '{param}': array too long. Expected an array with maximum length {max}, but got an array with length {tools.Count} instead.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Tool>(tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            result.Add(Tool(tools[i], $"{param}[{i}]", names));
        }

        return result;
    }

    private static Tool Tool(Tool? tool, string param, HashSet<string> names)
    {
        if (tool is null)
        {
            throw ApiErrors.InvalidType(param, "an object");
        }

        switch (tool.Type)
        {
            case "code_interpreter":
                return new Tool { Type = "code_interpreter" };
            case "file_search":
                var options = tool.FileSearch;
                if (options?.MaxNumResults is { } max && (max < 1 || max > 50))
                {
                    throw ApiErrors.InvalidValue($"{param}.file_search.max_num_results", $"Invalid '{param}.file_search.max_num_results': expected a value between 1 and 50, but got {max} instead.");
                }

                if (options?.RankingOptions is { } ranking)
                {
                    if (ranking.Ranker is not (null or "auto" or "default_2024_08_21"))
                    {
                        throw ApiErrors.InvalidValue($"{param}.file_search.ranking_options.ranker", $"Invalid value: '{ranking.Ranker}'. Supported values are: 'auto' and 'default_2024_08_21'.");
                    }

                    Range(ranking.ScoreThreshold, 0, 1, $"{param}.file_search.ranking_options.score_threshold");
                }

                return new Tool
                {
                    Type = "file_search",
                    FileSearch = new FileSearchToolOptions
                    {
                        MaxNumResults = options?.MaxNumResults,
                        RankingOptions = new RankingOptions
                        {
                            Ranker = options?.RankingOptions?.Ranker is null or "auto" ? "default_2024_08_21" : options.RankingOptions.Ranker,
                            ScoreThreshold = options?.RankingOptions?.ScoreThreshold ?? 0.0,
                        },
                    },
                };
            case "function":
                var function = tool.Function ?? throw ApiErrors.MissingParameter($"{param}.function");
                var name = Required(function.Name, $"{param}.function.name");
                if (!FunctionName().IsMatch(name))
                {
                    throw ApiErrors.InvalidValue($"{param}.function.name", $"Invalid '{param}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]{{1,64}}$'.");
                }

                if (!names.Add(name))
                {
                    throw ApiErrors.InvalidValue(param, $"Duplicate function name '{name}' in '{param}'.");
                }

                if (function.Parameters is { } parameters && parameters.ValueKind != JsonValueKind.Object)
                {
                    throw ApiErrors.InvalidType($"{param}.function.parameters", "an object");
                }

                return new Tool { Type = "function", Function = function with { Strict = function.Strict ?? false } };
            case null:
                throw ApiErrors.MissingParameter($"{param}.type");
            default:
                throw ApiErrors.InvalidValue($"{param}.type", $"Invalid value: '{tool.Type}'. Supported values are: 'code_interpreter', 'function', and 'file_search'.");
        }
    }

    public static ToolResources ToolResources(ToolResources? resources, string param = "tool_resources")
    {
        if (resources is null)
        {
            return new ToolResources();
        }

        if (resources.CodeInterpreter?.FileIds is { Count: > 20 } files)
        {
            throw ApiErrors.InvalidValue($"{param}.code_interpreter.file_ids", $"Invalid '{param}.code_interpreter.file_ids': array too long. Expected an array with maximum length 20, but got an array with length {files.Count} instead.");
        }

        if (resources.FileSearch?.VectorStoreIds is { Count: > 1 } stores)
        {
            throw ApiErrors.InvalidValue($"{param}.file_search.vector_store_ids", $"Invalid '{param}.file_search.vector_store_ids': array too long. Expected an array with maximum length 1, but got an array with length {stores.Count} instead.");
        }

        IdList(resources.CodeInterpreter?.FileIds, $"{param}.code_interpreter.file_ids");
        IdList(resources.FileSearch?.VectorStoreIds, $"{param}.file_search.vector_store_ids");
        var helpers = resources.FileSearch?.VectorStores ?? [];
        for (var i = 0; i < helpers.Count; i++)
        {
            IdList(helpers[i]?.FileIds, $"{param}.file_search.vector_stores[{i}].file_ids");
        }

        return resources;
    }

    /// <summary>Every entry of a list of ids is a non-empty string.</summary>
    public static void IdList(IReadOnlyList<string>? ids, string param)
    {
        for (var i = 0; i < (ids?.Count ?? 0); i++)
        {
            if (ids![i] is null)
            {
                throw ApiErrors.InvalidType($"{param}[{i}]", "a string");
            }

            if (ids[i].Length == 0)
            {
                throw ApiErrors.InvalidValue($"{param}[{i}]", $"Invalid '{param}[{i}]': string too short. Expected a string with minimum length 1, but got an empty string instead.");
            }
        }
    }

    /// <summary><c>"auto"</c>, <c>{"type":"text"}</c>, <c>{"type":"json_object"}</c> or <c>{"type":"json_schema","json_schema":{…}}</c>.</summary>
    public static JsonElement? ResponseFormat(JsonElement? format, string param = "response_format")
    {
        if (format is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() == "auto" ? value : throw ApiErrors.InvalidValue(param, $"Invalid value for '{param}': expected 'auto' or an object.");
        }

        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw ApiErrors.InvalidType(param, "'auto' or an object with a 'type'");
        }

        switch (type.GetString())
        {
            case "text" or "json_object":
                return value;
            case "json_schema":
                if (!value.TryGetProperty("json_schema", out var schema) || schema.ValueKind != JsonValueKind.Object
                    || !schema.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    throw ApiErrors.MissingParameter($"{param}.json_schema.name");
                }

                return value;
            default:
                throw ApiErrors.InvalidValue($"{param}.type", $"Invalid value: '{type.GetString()}'. Supported values are: 'text', 'json_object', and 'json_schema'.");
        }
    }

    /// <summary><c>none</c>/<c>auto</c>/<c>required</c>, or an object naming a tool type (and a function).</summary>
    public static JsonElement? ToolChoice(JsonElement? choice, string param = "tool_choice")
    {
        if (choice is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() is "none" or "auto" or "required"
                ? value
                : throw ApiErrors.InvalidValue(param, $"Invalid value for '{param}': expected one of 'none', 'auto', 'required', or an object.");
        }

        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw ApiErrors.InvalidType(param, "a string or an object with a 'type'");
        }

        switch (type.GetString())
        {
            case "code_interpreter" or "file_search":
                return value;
            case "function":
                if (!value.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                    || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    throw ApiErrors.MissingParameter($"{param}.function.name");
                }

                return value;
            default:
                throw ApiErrors.InvalidValue($"{param}.type", $"Invalid value: '{type.GetString()}'. Supported values are: 'function', 'code_interpreter', and 'file_search'.");
        }
    }

    public static TruncationStrategy Truncation(TruncationStrategy? strategy, string param = "truncation_strategy")
    {
        if (strategy is null)
        {
            return WireDefaults.Truncation;
        }

        AtLeast(strategy.LastMessages, 1, $"{param}.last_messages");

        return strategy.Type switch
        {
            "auto" => new TruncationStrategy("auto", null),
            "last_messages" when strategy.LastMessages is >= 1 => strategy,
            "last_messages" => throw ApiErrors.InvalidValue($"{param}.last_messages", $"Invalid '{param}.last_messages': expected an integer of at least 1 when type is 'last_messages'."),
            null => throw ApiErrors.MissingParameter($"{param}.type"),
            _ => throw ApiErrors.InvalidValue($"{param}.type", $"Invalid value: '{strategy.Type}'. Supported values are: 'auto' and 'last_messages'."),
        };
    }

    public static string? ReasoningEffort(string? effort, string param = "reasoning_effort") =>
        effort is null or "none" or "minimal" or "low" or "medium" or "high" or "xhigh" or "max"
            ? effort
            : throw ApiErrors.InvalidValue(param, $"Invalid value: '{effort}'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', 'xhigh' and 'max'.");

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();
}
