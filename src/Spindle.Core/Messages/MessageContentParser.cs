using System.Text.Json;
using Spindle.Core.Errors;
using Spindle.Core.Wire;

namespace Spindle.Core.Messages;

/// <summary>
/// Turns a create-message <c>content</c> (a string, or an array of <c>text</c>/<c>image_file</c>/<c>image_url</c>
/// parts) into stored content parts. A string becomes one text part with <c>annotations: []</c> (ASSISTANTS_API.md §3.2).
/// </summary>
public static class MessageContentParser
{
    public static IReadOnlyList<MessageContent> Parse(JsonElement? content, string param)
    {
        if (content is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            throw ApiErrors.MissingParameter(param);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            return text.Length == 0
                ? throw ApiErrors.InvalidValue(param, $"Invalid '{param}': string too short. Expected a string with minimum length 1, but got an empty string instead.")
                : [MessageContent.FromText(text)];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw ApiErrors.InvalidType(param, "a string or an array of content parts");
        }

        var parts = new List<MessageContent>();
        var index = 0;
        foreach (var part in value.EnumerateArray())
        {
            parts.Add(Part(part, $"{param}[{index++}]"));
        }

        return parts.Count == 0
            ? throw ApiErrors.InvalidValue(param, $"Invalid '{param}': empty array. Expected an array with minimum length 1, but got an empty array instead.")
            : parts;
    }

    private static MessageContent Part(JsonElement part, string param)
    {
        if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw ApiErrors.InvalidType(param, "an object with a 'type'");
        }

        switch (type.GetString())
        {
            case "text":
                var text = String(part, "text", param);
                return MessageContent.FromText(text);
            case "image_file":
                var file = Object(part, "image_file", param);
                return new MessageContent
                {
                    Type = "image_file",
                    ImageFile = new ImageFile(String(file, "file_id", $"{param}.image_file"), Detail(file, $"{param}.image_file")),
                };
            case "image_url":
                var url = Object(part, "image_url", param);
                return new MessageContent
                {
                    Type = "image_url",
                    ImageUrl = new ImageUrl(String(url, "url", $"{param}.image_url"), Detail(url, $"{param}.image_url")),
                };
            default:
                throw ApiErrors.InvalidValue($"{param}.type", $"Invalid value: '{type.GetString()}'. Supported values are: 'text', 'image_file', and 'image_url'.");
        }
    }

    private static string String(JsonElement obj, string name, string param) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s
            ? s
            : throw ApiErrors.MissingParameter($"{param}.{name}");

    private static JsonElement Object(JsonElement obj, string name, string param) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw ApiErrors.MissingParameter($"{param}.{name}");

    private static string Detail(JsonElement obj, string param)
    {
        if (!obj.TryGetProperty("detail", out var detail) || detail.ValueKind == JsonValueKind.Null)
        {
            return "auto";
        }

        return detail.GetString() is "auto" or "low" or "high"
            ? detail.GetString()!
            : throw ApiErrors.InvalidValue($"{param}.detail", "Invalid value for 'detail': expected one of 'auto', 'low', or 'high'.");
    }
}
