namespace Spindle.Core.Wire;

/// <summary><c>{"type":"text","text":…}</c>, the content items of search results and file-content pages.</summary>
public sealed record TextPart(string Text)
{
    public string Type => "text";
}
