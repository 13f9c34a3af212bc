namespace Spindle.Tools.FileSearch.Parsing;

/// <summary>
/// Picks a parser from the file name's extension (OpenAI's file_search list: txt, md, html, json, csv, pdf, docx and
/// source code), falling back to the leading bytes when the extension is missing or unknown. A zip without a
/// .docx name stays unknown: it may as well be a spreadsheet or an archive.
/// </summary>
internal static class FormatDetector
{
    private static readonly Dictionary<string, DocumentFormat> ByExtension = Build();

    public static DocumentFormat FromExtension(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        return ByExtension.TryGetValue(extension, out var format) ? format : DocumentFormat.Unknown;
    }

    public static DocumentFormat FromContent(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("%PDF-"u8))
            return DocumentFormat.Pdf;
        return TextDecoder.LooksLikeText(content) ? DocumentFormat.Text : DocumentFormat.Unknown;
    }

    private static Dictionary<string, DocumentFormat> Build()
    {
        string[] text =
        [
            ".txt", ".text", ".log", ".md", ".markdown", ".mdx", ".rst", ".tex", ".json", ".jsonl", ".csv", ".tsv",
            ".cs", ".fs", ".vb", ".py", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".java", ".kt", ".scala", ".go",
            ".rs", ".c", ".cc", ".cpp", ".cxx", ".h", ".hpp", ".m", ".swift", ".rb", ".php", ".pl", ".lua", ".r",
            ".dart", ".sh", ".bash", ".ps1", ".bat", ".sql", ".yaml", ".yml", ".toml", ".ini", ".xml", ".css", ".scss",
        ];
        var map = new Dictionary<string, DocumentFormat>(StringComparer.OrdinalIgnoreCase)
        {
            [".html"] = DocumentFormat.Html,
            [".htm"] = DocumentFormat.Html,
            [".xhtml"] = DocumentFormat.Html,
            [".pdf"] = DocumentFormat.Pdf,
            [".docx"] = DocumentFormat.Docx,
        };
        foreach (var extension in text)
            map[extension] = DocumentFormat.Text;
        return map;
    }
}
