using System.Buffers;
using System.Text;

namespace Spindle.Tools.CodeInterpreter;

/// <summary>
/// Reads the REPL's newline-framed replies. The code can write to that pipe too, so a line is bounded: a longer one
/// is a protocol violation, not a reason to buffer without end.
/// </summary>
internal sealed class FrameReader(Stream stream)
{
    private const int MaxLine = 64 * 1024;
    private readonly byte[] _buffer = new byte[4096];
    private int _start, _end;

    /// <summary>The next line without its newline, or null at the end of the stream.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new ArrayBufferWriter<byte>();
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line.Write(available[..newline]);
                _start += newline + 1;
                return Encoding.UTF8.GetString(line.WrittenSpan);
            }

            line.Write(available);
            if (line.WrittenCount > MaxLine)
                throw new InvalidDataException($"The interpreter sent a reply line longer than {MaxLine} bytes.");

            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken);
            if (_end == 0)
                return null;
        }
    }
}
