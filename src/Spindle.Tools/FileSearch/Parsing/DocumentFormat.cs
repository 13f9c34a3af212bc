namespace Spindle.Tools.FileSearch.Parsing;

/// <summary>How a file's bytes become text.</summary>
internal enum DocumentFormat
{
    Unknown,
    Text,
    Html,
    Pdf,
    Docx,
}
