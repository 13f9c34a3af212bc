using System.Text;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>
/// Finds links to files the run's code wrote (<c>sandbox:/mnt/data/report.csv</c>) in text as it streams and turns
/// each into a <c>file_path</c> annotation. Text that may be the start of a link is held back until the link ends,
/// so the link and its annotation leave in one delta and every delta carries text: a delta with annotations alone
/// would reach seed 001's <c>on_text_delta</c> with a <c>None</c> value.
/// </summary>
internal sealed class SandboxLinks(IReadOnlyList<OpenAIFile> files)
{
    private const string Prefix = "sandbox:/mnt/data/";

    private readonly StringBuilder _held = new();
    private int _emitted;

    /// <summary>Feeds a piece of text; returns what can be sent now, links with their annotation.</summary>
    public List<(string Text, Annotation? Annotation)> Append(string text)
    {
        var pieces = new List<(string, Annotation?)>();
        var buffer = _held.Append(text).ToString();
        _held.Clear();
        var at = 0;
        while (at < buffer.Length)
        {
            var link = buffer.IndexOf(Prefix, at, StringComparison.Ordinal);
            if (link < 0)
            {
                var keep = PartialPrefix(buffer, at);
                Emit(pieces, buffer[at..(buffer.Length - keep)], null);
                _held.Append(buffer, buffer.Length - keep, keep);
                return pieces;
            }

            var end = buffer.IndexOfAny(Terminators, link + Prefix.Length);
            if (end < 0)
            {
                Emit(pieces, buffer[at..link], null);
                _held.Append(buffer, link, buffer.Length - link);
                return pieces;
            }

            Emit(pieces, buffer[at..link], null);
            at = EmitLink(pieces, buffer[link..end]) + link;
        }

        return pieces;
    }

    /// <summary>Releases held text, then counts <paramref name="text"/> (sent by someone else) towards the offsets.</summary>
    public List<(string Text, Annotation? Annotation)> Pass(string text)
    {
        var pieces = Finish();
        _emitted += text.Length;
        return pieces;
    }

    /// <summary>Releases held text at the end of the message; a link that ends the text is still annotated.</summary>
    public List<(string Text, Annotation? Annotation)> Finish()
    {
        var pieces = new List<(string, Annotation?)>();
        var rest = _held.ToString();
        _held.Clear();
        if (rest.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var used = EmitLink(pieces, rest);
            Emit(pieces, rest[used..], null);
        }
        else
        {
            Emit(pieces, rest, null);
        }

        return pieces;
    }

    private static readonly char[] Terminators = [' ', '\n', '\r', '\t', ')', ']', '"', '\'', '<', '>', '`', '*', '|'];

    // Returns how much of candidate it used: trailing sentence punctuation is not part of a link.
    private int EmitLink(List<(string, Annotation?)> pieces, string candidate)
    {
        var link = candidate.TrimEnd('.', ',', ';', ':', '!', '?');
        var file = files.FirstOrDefault(f => Prefix + f.Filename == link);
        var annotation = file is null ? null : new Annotation
        {
            Type = "file_path",
            Text = link,
            StartIndex = _emitted,
            EndIndex = _emitted + link.Length,
            FilePath = new FileReference(file.Id),
        };
        Emit(pieces, link, annotation);
        return link.Length;
    }

    private void Emit(List<(string, Annotation?)> pieces, string text, Annotation? annotation)
    {
        if (text.Length > 0)
        {
            pieces.Add((text, annotation));
            _emitted += text.Length;
        }
    }

    // The longest tail of buffer[from..] that could begin "sandbox:/mnt/data/".
    private static int PartialPrefix(string buffer, int from)
    {
        for (var length = Math.Min(Prefix.Length - 1, buffer.Length - from); length > 0; length--)
        {
            if (string.CompareOrdinal(buffer, buffer.Length - length, Prefix, 0, length) == 0)
            {
                return length;
            }
        }

        return 0;
    }
}
