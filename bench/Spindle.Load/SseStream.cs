using System.Diagnostics;

namespace Spindle.Load;

/// <summary>
/// Reads one SSE response line by line straight off the socket, stamping each line with the time it was read.
/// No JSON parsing: the figures need only event names and whether an upstream chunk carries content.
/// </summary>
internal sealed class SseStream(Stream stream)
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next line without its newline, or null at the end of the stream; valid until the next call.</summary>
    public async ValueTask<(ReadOnlyMemory<byte> Line, long Timestamp)?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, newline - _start);
                _start = newline + 1;
                return (line, Stopwatch.GetTimestamp());
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new InvalidDataException("An SSE line is longer than the read buffer.");
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }
}
