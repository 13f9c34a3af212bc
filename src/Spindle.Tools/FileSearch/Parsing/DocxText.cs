using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Spindle.Core.Retrieval;

namespace Spindle.Tools.FileSearch.Parsing;

/// <summary>
/// The body text of a Word document in document order: one line per paragraph, one line per table row with its cells
/// separated by tabs.
/// </summary>
internal static class DocxText
{
    public static string Extract(string fileName, Stream content)
    {
        try
        {
            using var document = WordprocessingDocument.Open(content, isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new UnreadableFileException("invalid_file", $"The file {fileName} has no document body.");
            var lines = new List<string>();
            AppendBlocks(body, lines);
            return string.Join("\n", lines).Trim();
        }
        catch (Exception exception) when (exception is not UnreadableFileException and not OperationCanceledException)
        {
            throw new UnreadableFileException("invalid_file", $"The file {fileName} is not a readable Word document: {exception.Message}", exception);
        }
    }

    // Walks block-level content: paragraphs and tables, and the containers (content controls, custom XML) that hold them.
    private static void AppendBlocks(OpenXmlElement container, List<string> lines)
    {
        foreach (var element in container.ChildElements)
        {
            switch (element)
            {
                case Paragraph paragraph:
                    lines.Add(ParagraphText(paragraph));
                    break;
                case Table table:
                    foreach (var row in table.Elements<TableRow>())
                        lines.Add(string.Join("\t", row.Elements<TableCell>().Select(CellText)));
                    break;
                default:
                    AppendBlocks(element, lines);
                    break;
            }
        }
    }

    private static string CellText(TableCell cell)
    {
        var lines = new List<string>();
        AppendBlocks(cell, lines);
        return string.Join(" ", lines.Where(static l => l.Length > 0));
    }

    private static string ParagraphText(Paragraph paragraph)
    {
        var builder = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text text:
                    builder.Append(text.Text);
                    break;
                case TabChar:
                    builder.Append('\t');
                    break;
                case Break or CarriageReturn:
                    builder.Append('\n');
                    break;
            }
        }

        return builder.ToString();
    }
}
