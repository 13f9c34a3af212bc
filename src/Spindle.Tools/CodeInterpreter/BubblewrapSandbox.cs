using Spindle.Core;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Spindle.Core.Tools;

namespace Spindle.Tools.CodeInterpreter;

/// <summary>
/// <see cref="ICodeSandbox"/> on bubblewrap and Debian's <c>/usr/bin/python3</c>. A call:
/// <list type="number">
/// <item>finds or creates the session: a host directory <c>&lt;WorkRoot&gt;/&lt;key&gt;</c> bound as <c>/mnt/data</c>;</item>
/// <item>writes the input files and snapshots the directory;</item>
/// <item>starts the session's REPL unless one is alive (<see cref="BubblewrapCommand"/> has the command line);</item>
/// <item>runs the block under the wall-time limit, killing every process of the session when it passes;</item>
/// <item>returns the block's logs and the files new or changed since the snapshot.</item>
/// </list>
/// Idle sessions are ended by a timer on the injected <see cref="TimeProvider"/>.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class BubblewrapSandbox : ICodeSandbox, IDisposable
{
    private readonly CodeInterpreterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _workRoot;
    private readonly int? _sandboxUid;
    private readonly string _repl;
    private readonly Lazy<SandboxAvailability> _availability;
    private readonly ConcurrentDictionary<string, SandboxSession> _sessions = new(StringComparer.Ordinal);
    private readonly ITimer _sweeper;

    public BubblewrapSandbox(CodeInterpreterOptions options, TimeProvider time, ILogger<BubblewrapSandbox> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _workRoot = Path.GetFullPath(options.WorkRoot);
        _sandboxUid = Environment.IsPrivilegedProcess ? options.SandboxUid : null;
        _repl = ReadRepl();
        _availability = new(() => SandboxPrerequisites.Check(options, _workRoot, _sandboxUid));
        RemoveLeftoverSessions();
        var sweep = TimeSpan.FromSeconds(Math.Clamp(options.IdleMinutes * 60 / 4, 1, 60));
        _sweeper = time.CreateTimer(static state => ((BubblewrapSandbox)state!).ExpireIdleSessions(), this, sweep, sweep);
    }

    internal int SessionCount => _sessions.Count;

    internal string SessionDirectory(string sessionKey) => Path.Combine(_workRoot, DirectoryName(sessionKey));

    /// <summary>The host pid of the session's bubblewrap process, or null when it has no live interpreter.</summary>
    internal int? InterpreterProcessId(string sessionKey) =>
        _sessions.TryGetValue(sessionKey, out var session) && session.Interpreter is { HasExited: false } interpreter ? interpreter.ProcessId : null;

    public SandboxAvailability CheckAvailability() => _availability.Value;

    public bool HasSession(string sessionKey) => _sessions.TryGetValue(sessionKey, out var session) && !session.Closed;

    public async Task<CodeExecution> ExecuteAsync(string sessionKey, string code, IReadOnlyList<SandboxFile> inputFiles, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionKey);
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(inputFiles);
        foreach (var file in inputFiles)
            DataDirectory.ValidateName(file.Name);

        var availability = CheckAvailability();
        if (!availability.IsAvailable)
        {
            Log.Unavailable(_logger, availability.Detail);
            throw new SandboxUnavailableException($"The code_interpreter sandbox is unavailable: {availability.Detail}");
        }

        var session = await EnterSessionAsync(sessionKey, cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            session.Data.WriteInputs(inputFiles);
            var before = session.Data.Snapshot();
            var result = await RunBlockAsync(session, code, cancellationToken);
            return new CodeExecution
            {
                Status = result.Status,
                Logs = result.Logs,
                Truncated = result.Truncated,
                Error = result.Error,
                ExitCode = result.ExitCode,
                OutputFiles = session.Data.CollectChanges(before),
                Duration = Stopwatch.GetElapsedTime(started),
            };
        }
        finally
        {
            session.LastUsed = _time.GetUtcNow();
            session.Gate.Release();
        }
    }

    /// <summary>Ends every session unused for the idle time. Runs on the sweep timer; a busy session is skipped.</summary>
    internal void ExpireIdleSessions()
    {
        var idle = TimeSpan.FromMinutes(_options.IdleMinutes);
        foreach (var session in _sessions.Values)
        {
            if (_time.GetUtcNow() - session.LastUsed < idle || !session.Gate.Wait(0))
                continue;
            try
            {
                if (_time.GetUtcNow() - session.LastUsed < idle)
                    continue;
                _sessions.TryRemove(new(session.Key, session));
                CloseQuietly(session);
                Log.SessionExpired(_logger, session.Key);
            }
            finally
            {
                session.Gate.Release();
            }
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var session in _sessions.Values)
        {
            // Kill first, so a call in progress ends (as Crashed) instead of holding the gate until its time limit.
            session.Interpreter?.Kill();
            session.Gate.Wait();
            _sessions.TryRemove(new(session.Key, session));
            CloseQuietly(session);
            session.Gate.Release();
        }
    }

    private async Task<SandboxSession> EnterSessionAsync(string sessionKey, CancellationToken cancellationToken)
    {
        while (true)
        {
            var session = _sessions.GetOrAdd(sessionKey, key =>
                new SandboxSession(key, DataDirectory.Create(SessionDirectory(key), _sandboxUid), _time.GetUtcNow()));
            await session.Gate.WaitAsync(cancellationToken);
            if (!session.Closed)
                return session;
            session.Gate.Release();
        }
    }

    private async Task<InterpreterResult> RunBlockAsync(SandboxSession session, string code, CancellationToken cancellationToken)
    {
        if (session.Interpreter is { HasExited: true } dead)
        {
            dead.Dispose();
            session.Interpreter = null;
        }

        if (session.Interpreter is null)
        {
            var argv = BubblewrapCommand.Build(_options, session.Data.Path, _sandboxUid is not null, ["-c", _repl]);
            session.Interpreter = await SandboxInterpreter.StartAsync(argv, _options.MaxOutputBytes, _time, cancellationToken);
            Log.InterpreterStarted(_logger, session.Key, session.Interpreter.ProcessId);
        }

        var interpreter = session.Interpreter;
        using var wallTime = new CancellationTokenSource(TimeSpan.FromSeconds(_options.TimeoutSeconds), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(wallTime.Token, cancellationToken);
        InterpreterResult result;
        try
        {
            result = await interpreter.RunAsync(code, _options.CpuSeconds, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = await interpreter.StopAsync(CodeExecutionStatus.TimedOut,
                $"Execution timed out after {_options.TimeoutSeconds} s; every process of the session was killed and its state lost (files in /mnt/data are kept).");
            Log.InterpreterKilled(_logger, session.Key, _options.TimeoutSeconds);
        }
        catch (OperationCanceledException)
        {
            await interpreter.StopAsync(CodeExecutionStatus.Crashed, "Cancelled.");
            interpreter.Dispose();
            session.Interpreter = null;
            throw;
        }

        if (result.Status is CodeExecutionStatus.TimedOut or CodeExecutionStatus.Crashed)
        {
            interpreter.Dispose();
            session.Interpreter = null;
        }

        return result;
    }

    // Sessions live in this process's memory, so a session directory already under WorkRoot belongs to a process that
    // stopped (a restart, or a node that was killed). The thread's files come back from the store when it next runs code.
    private void RemoveLeftoverSessions()
    {
        if (!Directory.Exists(_workRoot))
            return;

        foreach (var directory in Directory.EnumerateDirectories(_workRoot))
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.CleanupFailed(_logger, directory, e);
            }
        }
    }

    private void CloseQuietly(SandboxSession session)
    {
        try
        {
            session.Close();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.CleanupFailed(_logger, session.Data.Path, e);
        }
    }

    // Thread ids are already safe names; anything else is hashed so a key can never name a path outside WorkRoot.
    private static string DirectoryName(string key) =>
        SafeKey().IsMatch(key) ? key : "key-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];

    private static string ReadRepl()
    {
        using var stream = typeof(BubblewrapSandbox).Assembly.GetManifestResourceStream("Spindle.Tools.CodeInterpreter.repl.py")
            ?? throw new InvalidOperationException("The embedded repl.py is missing from Spindle.Tools.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex SafeKey();

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.SandboxUnavailable, Level = LogLevel.Warning, Message = "code_interpreter sandbox unavailable: {Detail}")]
        public static partial void Unavailable(ILogger logger, string detail);

        [LoggerMessage(EventId = LogEvents.InterpreterStarted, Level = LogLevel.Debug, Message = "Sandbox session {Session} started interpreter pid {Pid}")]
        public static partial void InterpreterStarted(ILogger logger, string session, int pid);

        [LoggerMessage(EventId = LogEvents.InterpreterKilled, Level = LogLevel.Information, Message = "Sandbox session {Session} killed after the {Seconds} s wall-time limit")]
        public static partial void InterpreterKilled(ILogger logger, string session, int seconds);

        [LoggerMessage(EventId = LogEvents.SessionExpired, Level = LogLevel.Debug, Message = "Sandbox session {Session} expired")]
        public static partial void SessionExpired(ILogger logger, string session);

        [LoggerMessage(EventId = LogEvents.SandboxCleanupFailed, Level = LogLevel.Warning, Message = "Could not delete sandbox directory {Path}")]
        public static partial void CleanupFailed(ILogger logger, string path, Exception exception);
    }
}
