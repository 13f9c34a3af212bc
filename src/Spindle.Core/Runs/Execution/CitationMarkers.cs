using System.Text;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>
/// Finds file-search citation markers (<c>【4:0†notes.txt】</c>) in text as it streams and turns each into a
/// <c>file_citation</c> annotation. A marker can arrive split over many chunks, so text from a <c>【</c> is held back
/// until its <c>】</c>; the whole marker then goes out in one delta together with its annotation, as the real service
/// sent it (ASSISTANTS_API.md §6.5 (d)). Text outside markers passes straight through.
/// </summary>
internal sealed class CitationMarkers(IReadOnlyDictionary<string, string> fileIdsByMarker)
{
    // Longer than any marker the executor hands out; a longer run after 【 is ordinary text.
    private const int MaxMarkerLength = 256;

    private readonly StringBuilder _held = new();
    private int _emitted;
    private int _annotations;

    /// <summary>Feeds a chunk; returns the pieces to send now, each with the annotation it carries, if any.</summary>
    public List<(string Text, Annotation? Annotation)> Append(string text)
    {
        var pieces = new List<(string, Annotation?)>();
        var plain = new StringBuilder();
        foreach (var c in text)
        {
            if (_held.Length == 0 && c != '【')
            {
                plain.Append(c);
                continue;
            }

            if (_held.Length == 0)
            {
                Flush(plain, pieces);
            }

            _held.Append(c);
            if (c == '】')
            {
                pieces.Add(Marker());
            }
            else if (_held.Length > MaxMarkerLength)
            {
                plain.Append(_held);
                _held.Clear();
            }
        }

        Flush(plain, pieces);
        return pieces;
    }

    /// <summary>Releases text held for a marker that never closed.</summary>
    public string Finish()
    {
        var rest = _held.ToString();
        _held.Clear();
        _emitted += rest.Length;
        return rest;
    }

    private (string, Annotation?) Marker()
    {
        var marker = _held.ToString();
        _held.Clear();
        var start = _emitted;
        _emitted += marker.Length;
        if (!fileIdsByMarker.TryGetValue(marker, out var fileId))
        {
            return (marker, null);
        }

        var annotation = new Annotation
        {
            Index = _annotations++,
            Type = "file_citation",
            Text = marker,
            StartIndex = start,
            EndIndex = start + marker.Length,
            FileCitation = new FileReference(fileId),
        };
        return (marker, annotation);
    }

    private void Flush(StringBuilder plain, List<(string, Annotation?)> pieces)
    {
        if (plain.Length > 0)
        {
            pieces.Add((plain.ToString(), null));
            _emitted += plain.Length;
            plain.Clear();
        }
    }
}
