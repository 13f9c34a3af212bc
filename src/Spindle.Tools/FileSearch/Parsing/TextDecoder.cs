using System.Text;
using System.Text.Unicode;
using Spindle.Core.Retrieval;

namespace Spindle.Tools.FileSearch.Parsing;

/// <summary>Bytes to text: the BOM decides the encoding (UTF-8 without one), and NUL bytes mean the file is binary.</summary>
internal static class TextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool LooksLikeText(ReadOnlySpan<byte> content)
    {
        if (HasUnicodeBom(content))
            return true;
        return !content[..Math.Min(content.Length, 8192)].Contains((byte)0) && Utf8.IsValid(content);
    }

    public static string Decode(string fileName, ReadOnlySpan<byte> content)
    {
        if (HasUnicodeBom(content) && !content.StartsWith(Encoding.UTF8.Preamble))
        {
            var encoding = content.StartsWith(Encoding.Unicode.Preamble) ? Encoding.Unicode : Encoding.BigEndianUnicode;
            return encoding.GetString(content[2..]);
        }

        if (content.StartsWith(Encoding.UTF8.Preamble))
            content = content[3..];
        if (content.Contains((byte)0))
            throw new UnreadableFileException("invalid_file", $"The file {fileName} is not text: it contains NUL bytes.");
        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: Latin-1 maps every byte to a character, which is the least surprising reading of legacy text.
            return Encoding.Latin1.GetString(content);
        }
    }

    private static bool HasUnicodeBom(ReadOnlySpan<byte> content) =>
        content.StartsWith(Encoding.UTF8.Preamble) || content.StartsWith(Encoding.Unicode.Preamble) || content.StartsWith(Encoding.BigEndianUnicode.Preamble);
}
