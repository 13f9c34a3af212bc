using Spindle.Core.Retrieval;

namespace Spindle.Tools.FileSearch.Parsing;

/// <summary>A file's bytes to the plain text that is chunked and indexed.</summary>
internal static class DocumentParser
{
    public static async Task<string> ParseAsync(string fileName, Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);

        var format = FormatDetector.FromExtension(fileName);
        if (format == DocumentFormat.Unknown)
            format = FormatDetector.FromContent(bytes.Span);

        switch (format)
        {
            case DocumentFormat.Text:
                return TextDecoder.Decode(fileName, bytes.Span);
            case DocumentFormat.Html:
                return HtmlText.Extract(TextDecoder.Decode(fileName, bytes.Span));
            case DocumentFormat.Pdf:
                return PdfText.Extract(fileName, bytes.ToArray(), cancellationToken);
            case DocumentFormat.Docx:
                buffer.Position = 0;
                return DocxText.Extract(fileName, buffer);
            default:
                throw new UnreadableFileException(
                    "unsupported_file",
                    $"The file {fileName} has an unsupported format. Supported: txt, md, html, json, csv, pdf, docx and source code.");
        }
    }
}
