using System.Text;

namespace Spindle.Tools.CodeInterpreter;

/// <summary>
/// Drains the interpreter's log pipe for as long as it lives, so the code never blocks on a full pipe. Keeps the
/// first <c>cap</c> bytes of the current block, counts the rest, and ends the block at the REPL's end marker.
/// </summary>
internal sealed class LogPump
{
    private readonly Stream _stream;
    private readonly byte[] _marker;
    private readonly int _cap;
    private readonly Lock _gate = new();
    private readonly MemoryStream _kept = new();
    private byte[] _pending = [];
    private long _dropped;
    private TaskCompletionSource _blockEnded = NewSignal();

    public LogPump(Stream stream, string nonce, int cap)
    {
        _stream = stream;
        _marker = Encoding.ASCII.GetBytes($"\u0001spindle-end:{nonce}\n");
        _cap = cap;
        Completion = Task.Run(PumpAsync);
    }

    /// <summary>Completes when the pipe closes, that is when every process of the sandbox has ended.</summary>
    public Task Completion { get; }

    /// <summary>Starts a block: what was written since the last marker (a leftover thread's output) is discarded.</summary>
    public void BeginBlock()
    {
        lock (_gate)
        {
            _kept.SetLength(0);
            _dropped = 0;
            _blockEnded = NewSignal();
        }
    }

    public Task BlockEnded
    {
        get { lock (_gate) return _blockEnded.Task; }
    }

    public (string Logs, bool Truncated) TakeBlock()
    {
        lock (_gate)
        {
            var logs = Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
            if (_dropped == 0)
                return (logs, false);
            var newline = logs.EndsWith('\n') || logs.Length == 0 ? "" : "\n";
            return ($"{logs}{newline}[output truncated: {_dropped} more bytes were dropped]\n", true);
        }
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer)) > 0)
                Accept(buffer.AsSpan(0, read));
        }
        catch (IOException)
        {
            // The pipe broke because the sandbox was killed; what was read is kept.
        }
        catch (ObjectDisposedException)
        {
        }

        lock (_gate)
        {
            Keep(_pending);
            _pending = [];
            _blockEnded.TrySetResult();
        }
    }

    private void Accept(ReadOnlySpan<byte> chunk)
    {
        lock (_gate)
        {
            ReadOnlySpan<byte> data = _pending.Length == 0 ? chunk : [.. _pending, .. chunk];
            int at;
            while ((at = data.IndexOf(_marker)) >= 0)
            {
                Keep(data[..at]);
                _blockEnded.TrySetResult();
                data = data[(at + _marker.Length)..];
            }

            // A tail that could be the start of a marker split across two reads waits for the next read.
            var hold = HeldBack(data);
            Keep(data[..^hold]);
            _pending = data[^hold..].ToArray();
        }
    }

    private int HeldBack(ReadOnlySpan<byte> data)
    {
        for (var length = Math.Min(data.Length, _marker.Length - 1); length > 0; length--)
        {
            if (data[^length..].SequenceEqual(_marker.AsSpan(0, length)))
                return length;
        }

        return 0;
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        var room = (int)Math.Max(0, _cap - _kept.Length);
        var kept = Math.Min(room, bytes.Length);
        _kept.Write(bytes[..kept]);
        _dropped += bytes.Length - kept;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
