using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary>One content part: <c>text</c>, <c>image_file</c>, <c>image_url</c> or <c>refusal</c>.</summary>
public sealed record MessageContent
{
    public required string Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MessageText? Text { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImageFile? ImageFile { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImageUrl? ImageUrl { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Refusal { get; init; }

    public static MessageContent FromText(string value) => new() { Type = "text", Text = new MessageText(value, []) };
}
