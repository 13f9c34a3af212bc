using Spindle.Core.Retrieval;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Spindle.Tools.FileSearch.Parsing;

/// <summary>The text of a PDF page by page, each page in reading order, pages separated by a blank line.</summary>
internal static class PdfText
{
    public static string Extract(string fileName, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            using var document = PdfDocument.Open(content);
            var pages = new List<string>(document.NumberOfPages);
            foreach (var page in document.GetPages())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var text = ContentOrderTextExtractor.GetText(page).Trim();
                if (text.Length > 0)
                    pages.Add(text);
            }

            return string.Join("\n\n", pages);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // PdfPig signals damage with several exception types (format, token, invalid operation, index out of
            // range on truncated streams), so every failure to read is treated as a broken file.
            throw new UnreadableFileException("invalid_file", $"The file {fileName} is not a readable PDF: {exception.Message}", exception);
        }
    }
}
