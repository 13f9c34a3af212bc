using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Spindle.Core.Tools;

namespace Spindle.Tools.CodeInterpreter;

/// <summary>
/// One long-lived REPL process (<c>repl.py</c>) inside bubblewrap: a session's interpreter state. It runs one block at
/// a time; once it has been killed or has died, it is discarded and the session starts a fresh one.
/// </summary>
internal sealed class SandboxInterpreter : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly LogPump _logs;
    private readonly FrameReader _replies;
    private readonly Stream _requests;
    private readonly TimeProvider _time;
    private int _blocks;

    private SandboxInterpreter(Process process, string nonce, int maxOutputBytes, TimeProvider time)
    {
        _process = process;
        _time = time;
        _requests = process.StandardInput.BaseStream;
        _replies = new FrameReader(process.StandardOutput.BaseStream);
        _logs = new LogPump(process.StandardError.BaseStream, nonce, maxOutputBytes);
    }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <exception cref="SandboxUnavailableException">bwrap or Python could not start, or the REPL never said it was ready.</exception>
    public static async Task<SandboxInterpreter> StartAsync(
        IReadOnlyList<string> argv, int maxOutputBytes, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in argv.Skip(1))
            start.ArgumentList.Add(argument);
        // bwrap --clearenv empties the sandbox's environment; this keeps Spindle's (API keys included) out of bwrap too.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SandboxUnavailableException($"{argv[0]} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new SandboxUnavailableException($"Cannot start {argv[0]}: {e.Message}. Run scripts/install-sandbox-deps.sh.", e);
        }

        var nonce = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var interpreter = new SandboxInterpreter(process, nonce, maxOutputBytes, time);
        string? ready = null;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            await interpreter.WriteAsync(Encoding.UTF8.GetBytes($"{{\"nonce\":\"{nonce}\"}}\n"), [], linked.Token);
            ready = await interpreter._replies.ReadLineAsync(linked.Token).WaitAsync(linked.Token);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                interpreter.Dispose();
                throw;
            }
        }

        if (IsReady(ready))
            return interpreter;

        var failure = await interpreter.StopAsync(CodeExecutionStatus.Crashed, "");
        interpreter.Dispose();
        throw new SandboxUnavailableException(
            $"The code sandbox did not start (exit code {failure.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}): " +
            $"{failure.Logs.Trim()}. Check bubblewrap and /usr/bin/python3, or run scripts/install-sandbox-deps.sh.");
    }

    /// <summary>
    /// Runs one block. Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/>
    /// fires; the caller then calls <see cref="StopAsync"/>.
    /// </summary>
    public async Task<InterpreterResult> RunAsync(string code, int cpuSeconds, CancellationToken cancellationToken)
    {
        _logs.BeginBlock();
        var id = ++_blocks;
        var body = Encoding.UTF8.GetBytes(code);
        string? reply;
        try
        {
            await WriteAsync(Encoding.UTF8.GetBytes($"{{\"id\":{id},\"length\":{body.Length},\"cpu\":{cpuSeconds}}}\n"), body, cancellationToken);
            reply = await _replies.ReadLineAsync(cancellationToken).WaitAsync(cancellationToken);
        }
        catch (IOException)
        {
            reply = null;
        }
        catch (InvalidDataException e)
        {
            return await StopAsync(CodeExecutionStatus.Crashed, $"The interpreter broke the sandbox protocol ({e.Message}); its state was lost.");
        }

        if (reply is null || ParseReply(reply, id) is not { } outcome)
            return await StopAsync(CodeExecutionStatus.Crashed, null);

        try
        {
            await _logs.BlockEnded.WaitAsync(Grace, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // A reply without its end marker: the code wrote a forged reply. Take what arrived.
        }

        var (logs, truncated) = _logs.TakeBlock();
        return new InterpreterResult(outcome.Status, logs, truncated, outcome.Error, null);
    }

    /// <summary>Kills every process of the sandbox and returns the logs of the current block.</summary>
    /// <param name="error">Why it was stopped; null to describe the exit code.</param>
    public async Task<InterpreterResult> StopAsync(CodeExecutionStatus status, string? error)
    {
        Kill();
        int? exitCode = null;
        try
        {
            await _process.WaitForExitAsync().WaitAsync(Grace);
            await _logs.Completion.WaitAsync(Grace);
            exitCode = _process.ExitCode;
        }
        catch (TimeoutException)
        {
        }

        var (logs, truncated) = _logs.TakeBlock();
        return new InterpreterResult(status, logs, truncated, error ?? DescribeExit(exitCode), exitCode);
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.WaitForExit(Grace);
        _process.Dispose();
    }

    private async Task WriteAsync(byte[] header, byte[] body, CancellationToken cancellationToken)
    {
        async Task WriteAllAsync()
        {
            await _requests.WriteAsync(header, cancellationToken);
            await _requests.WriteAsync(body, cancellationToken);
            await _requests.FlushAsync(cancellationToken);
        }

        await WriteAllAsync().WaitAsync(cancellationToken);
    }

    private static bool IsReady(string? line)
    {
        try
        {
            using var json = line is null ? null : JsonDocument.Parse(line);
            return json?.RootElement is { ValueKind: JsonValueKind.Object } root
                && root.TryGetProperty("ready", out var ready) && ready.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (CodeExecutionStatus Status, string? Error)? ParseReply(string reply, int id)
    {
        try
        {
            using var json = JsonDocument.Parse(reply);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var replyId) || replyId.ValueKind != JsonValueKind.Number || replyId.GetInt32() != id)
                return null;
            var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == "ok"
                ? CodeExecutionStatus.Completed
                : CodeExecutionStatus.Failed;
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            return (status, status == CodeExecutionStatus.Failed ? error ?? "The code failed." : null);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string DescribeExit(int? exitCode) => exitCode switch
    {
        null => "The interpreter stopped responding and was killed; its state was lost.",
        > 128 and < 160 => $"The interpreter was killed by signal {exitCode - 128}; its state was lost.",
        _ => $"The interpreter exited with code {exitCode}; its state was lost.",
    };
}
