using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Spindle.Core.Tools;

namespace Spindle.Tools.CodeInterpreter;

/// <summary>
/// Checks what the sandbox needs, cheapest first, then starts one real sandbox that looks for numpy, pandas and
/// matplotlib, so a host that cannot create namespaces is caught at start-up rather than on a model's first call.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class SandboxPrerequisites
{
    private const string Install = "run scripts/install-sandbox-deps.sh";
    private const string Probe =
        "import importlib.util\nprint('missing:' + ','.join(m for m in ('numpy', 'pandas', 'matplotlib') if importlib.util.find_spec(m) is None))";

    public static SandboxAvailability Check(CodeInterpreterOptions options, string workRoot, int? sandboxUid)
    {
        if (!File.Exists(options.BubblewrapPath))
            return Missing($"bubblewrap is not installed: {options.BubblewrapPath} does not exist ({Install}, Debian package bubblewrap).");
        if (!File.Exists(BubblewrapCommand.Prlimit))
            return Missing($"prlimit is not installed: {BubblewrapCommand.Prlimit} does not exist ({Install}, Debian package util-linux).");
        if (sandboxUid is not null && !File.Exists(BubblewrapCommand.Setpriv))
            return Missing($"setpriv is not installed: {BubblewrapCommand.Setpriv} does not exist ({Install}, Debian package util-linux).");
        if (!File.Exists(BubblewrapCommand.Python))
            return Missing($"Debian's Python is not installed: {BubblewrapCommand.Python} does not exist ({Install}, Debian package python3).");
        if (!Libc.HasOpenat2())
            return Missing("The kernel lacks openat2 (Linux 5.6 or later), which Spindle uses to read sandbox files safely.");

        try
        {
            Directory.CreateDirectory(workRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Missing($"{CodeInterpreterOptions.Section}:WorkRoot {workRoot} cannot be created: {e.Message}");
        }

        if (sandboxUid is { } uid && FirstUnsearchable(workRoot) is { } closed)
            return Missing($"{closed} is not searchable by the sandbox uid {uid}: chmod o+x it, or set {CodeInterpreterOptions.Section}:WorkRoot elsewhere.");

        return RunProbe(options, workRoot, sandboxUid);
    }

    private static SandboxAvailability RunProbe(CodeInterpreterOptions options, string workRoot, int? sandboxUid)
    {
        var data = DataDirectory.Create(Path.Combine(workRoot, ".probe-" + Guid.NewGuid().ToString("N")), sandboxUid);
        try
        {
            var argv = BubblewrapCommand.Build(options, data.Path, sandboxUid is not null, ["-c", Probe]);
            var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in argv.Skip(1))
                start.ArgumentList.Add(argument);
            start.Environment.Clear();
            start.Environment["PATH"] = "/usr/bin:/bin";

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd().Trim();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                return Missing("A probe sandbox did not finish within 60 s.");
            }

            if (process.ExitCode != 0 || !stdout.StartsWith("missing:", StringComparison.Ordinal))
            {
                return Missing($"bubblewrap could not start a sandbox (exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}): " +
                    $"{stderr.Result.Trim()}. The kernel must allow user namespaces (user.max_user_namespaces > 0).");
            }

            var missing = stdout["missing:".Length..];
            if (missing.Length > 0)
            {
                var packages = string.Join(" ", missing.Split(',').Select(static m => "python3-" + m));
                return Missing($"{BubblewrapCommand.Python} lacks {missing.Replace(",", ", ", StringComparison.Ordinal)}: install Debian's {packages} ({Install}).");
            }

            var user = sandboxUid is { } uid ? $"host uid {uid}" : "Spindle's own uid";
            return new SandboxAvailability(true,
                $"Code sandbox ready: {options.BubblewrapPath} with {BubblewrapCommand.Python} (numpy, pandas, matplotlib), as {user}, sessions under {workRoot}.");
        }
        finally
        {
            data.Delete();
        }
    }

    private static string? FirstUnsearchable(string path)
    {
        for (var directory = new DirectoryInfo(path); directory is not null; directory = directory.Parent)
        {
            if (directory.Exists && (directory.UnixFileMode & UnixFileMode.OtherExecute) == 0)
                return directory.FullName;
        }

        return null;
    }

    private static SandboxAvailability Missing(string detail) => new(false, detail);
}
