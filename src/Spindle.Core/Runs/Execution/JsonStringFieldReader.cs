using System.Globalization;
using System.Text;

namespace Spindle.Core.Runs.Execution;

/// <summary>
/// Pulls one string field out of a JSON object that arrives in pieces, decoding it as it comes: the model streams
/// <c>{"code":"import math\n…"}</c> as tool-call argument deltas, and the code must go out as
/// <c>code_interpreter.input</c> deltas while it is being written (ASSISTANTS_API.md §6.5 (c)).
/// </summary>
/// <remarks>
/// Only the first occurrence of the field at any depth is read; an object without it yields nothing. When the whole
/// arguments text is known, <see cref="ReadComplete"/> gives the authoritative value.
/// </remarks>
internal sealed class JsonStringFieldReader(string field)
{
    private readonly string _key = "\"" + field + "\"";
    private readonly StringBuilder _seen = new();
    private State _state = State.SeekingKey;
    private string _escape = "";
    private char? _heldHighSurrogate;

    private enum State { SeekingKey, SeekingColon, SeekingQuote, InValue, Done }

    /// <summary>Feeds the next piece of the arguments and returns the newly decoded part of the field's value.</summary>
    public string Append(string piece)
    {
        var output = new StringBuilder();
        if (_heldHighSurrogate is { } held)
        {
            output.Append(held);
            _heldHighSurrogate = null;
        }

        foreach (var c in piece)
        {
            switch (_state)
            {
                case State.SeekingKey:
                    _seen.Append(c);
                    if (_seen.Length >= _key.Length && _seen.ToString(_seen.Length - _key.Length, _key.Length) == _key)
                    {
                        _state = State.SeekingColon;
                    }

                    break;
                case State.SeekingColon:
                    _state = c == ':' ? State.SeekingQuote : char.IsWhiteSpace(c) ? State.SeekingColon : State.SeekingKey;
                    break;
                case State.SeekingQuote:
                    _state = c == '"' ? State.InValue : char.IsWhiteSpace(c) ? State.SeekingQuote : State.Done;
                    break;
                case State.InValue:
                    Decode(c, output);
                    break;
            }
        }

        // A piece may end between the halves of a surrogate pair (often "\ud83d" | "\ude00"). A lone surrogate cannot
        // cross the wire (the JSON encoder writes U+FFFD), so the deltas would stop adding up to the code (R4, O6b):
        // hold the high half back until its low half arrives.
        if (_state == State.InValue && output.Length > 0 && char.IsHighSurrogate(output[^1]))
        {
            _heldHighSurrogate = output[^1];
            output.Length--;
        }

        return output.ToString();
    }

    /// <summary>The field's value in complete arguments, or null when they hold no such string.</summary>
    public static string? ReadComplete(string arguments, string field)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(arguments);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty(field, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private void Decode(char c, StringBuilder output)
    {
        if (_escape.Length == 0)
        {
            if (c == '\\')
            {
                _escape = "\\";
            }
            else if (c == '"')
            {
                _state = State.Done;
            }
            else
            {
                output.Append(c);
            }

            return;
        }

        _escape += c;
        if (_escape.Length == 2 && _escape[1] != 'u')
        {
            output.Append(_escape[1] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', var other => other });
            _escape = "";
        }
        else if (_escape.Length == 6)
        {
            output.Append((char)int.Parse(_escape.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            _escape = "";
        }
    }
}
