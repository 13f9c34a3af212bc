using System.Net;
using System.Text.RegularExpressions;

namespace Spindle.Tools.FileSearch.Parsing;

/// <summary>
/// The visible text of an HTML page: scripts, styles and comments dropped, block elements as line breaks, table cells
/// separated by spaces, entities decoded. A regex pass rather than a DOM (AngleSharp) because retrieval needs the words in
/// order, not a faithful tree, and it keeps Spindle.Tools free of another dependency.
/// </summary>
internal static partial class HtmlText
{
    public static string Extract(string html)
    {
        var text = InvisibleContent().Replace(html, " ");
        text = BlockBoundary().Replace(text, "\n");
        text = CellBoundary().Replace(text, " ");
        text = AnyTag().Replace(text, "");
        text = WebUtility.HtmlDecode(text).Replace('\u00A0', ' ');
        return Tidy(text);
    }

    // One line per block, single spaces inside lines: the page as a browser would lay it out, minus the styling.
    private static string Tidy(string text)
    {
        var lines = text.Split('\n').Select(static line => Spaces().Replace(line, " ").Trim()).Where(static line => line.Length > 0);
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"<!--.*?-->|<(script|style|noscript|template|svg)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex InvisibleContent();

    [GeneratedRegex(@"<(/?(p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|tr|table|thead|tbody|section|article|header|footer|nav|aside|main|pre|blockquote|figure|figcaption|title|form)|br\s*/)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockBoundary();

    [GeneratedRegex(@"</?(td|th)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex CellBoundary();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"[ \t\r\f\v]+")]
    private static partial Regex Spaces();
}
