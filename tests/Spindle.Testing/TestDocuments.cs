using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PdfPageSize = UglyToad.PdfPig.Content.PageSize;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Spindle.Testing;

/// <summary>Real PDF and Word files written with the same libraries users' tools produce them with.</summary>
public static class TestDocuments
{
    /// <summary>A PDF with one page per entry, each page's lines written top to bottom in Helvetica.</summary>
    public static byte[] Pdf(params string[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PdfPageSize.A4);
            var y = 780.0;
            foreach (var line in lines)
            {
                page.AddText(line, 12, new PdfPoint(50, y), font);
                y -= 20;
            }
        }

        return builder.Build();
    }

    /// <summary>A Word document with the paragraphs, then a table with the rows, then a closing paragraph.</summary>
    public static byte[] Docx(string[] paragraphs, string[][] tableRows, string closing)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            foreach (var text in paragraphs)
                body.Append(Paragraph(text));
            body.Append(new Table(tableRows.Select(static row => new TableRow(row.Select(static cell => new TableCell(Paragraph(cell)))))));
            body.Append(Paragraph(closing));
            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    private static Paragraph Paragraph(string text) =>
        new(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
}
