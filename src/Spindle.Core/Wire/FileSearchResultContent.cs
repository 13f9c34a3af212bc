namespace Spindle.Core.Wire;

public sealed record FileSearchResultContent(string Type, string Text);
