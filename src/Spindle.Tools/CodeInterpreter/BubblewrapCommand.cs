namespace Spindle.Tools.CodeInterpreter;

/// <summary>
/// The command line of one sandbox, outermost first:
/// <code>
/// prlimit --as --fsize --nofile --core       limits of every process, bwrap's included
///   [setpriv --reuid U --regid U]             root only: the kernel skips RLIMIT_NPROC for uid 0
///     bwrap --unshare-all --unshare-user ...  namespaces and the file system view
///       prlimit --nproc                       inside the user namespace, so it counts this session only
///         /usr/bin/python3 -B -s -c &lt;repl&gt;
/// </code>
/// </summary>
internal static class BubblewrapCommand
{
    public const string Python = "/usr/bin/python3";
    public const string Prlimit = "/usr/bin/prlimit";
    public const string Setpriv = "/usr/bin/setpriv";

    /// <summary>The uid and gid the code sees; the user namespace maps them to the host uid running bwrap.</summary>
    public const int InnerId = 1000;

    private const long TmpBytes = 128L * 1024 * 1024;
    private const long ShmBytes = 64L * 1024 * 1024;
    private const int MaxOpenFiles = 256;

    // Python needs /usr and the merged-/usr links; matplotlib reads /etc/matplotlibrc (Debian moves it there) and
    // runs fc-list, which reads /etc/fonts. Nothing else of the host's /etc is visible.
    private static readonly string[] SystemLinks = ["/bin", "/lib", "/lib64", "/sbin"];
    private static readonly string[] EtcFiles = ["/etc/alternatives", "/etc/fonts", "/etc/matplotlibrc"];

    public static List<string> Build(CodeInterpreterOptions options, string dataDirectory, bool dropToSandboxUid, IEnumerable<string> pythonArguments)
    {
        List<string> argv =
        [
            Prlimit,
            $"--as={options.MemoryMegabytes * 1024L * 1024}",
            $"--fsize={options.MaxFileMegabytes * 1024L * 1024}",
            $"--nofile={MaxOpenFiles}",
            "--core=0",
            "--",
        ];
        if (dropToSandboxUid)
            argv.AddRange([Setpriv, $"--reuid={options.SandboxUid}", $"--regid={options.SandboxUid}", "--clear-groups", "--"]);

        argv.AddRange(
        [
            options.BubblewrapPath,
            "--unshare-all", "--unshare-user", "--disable-userns",
            "--uid", $"{InnerId}", "--gid", $"{InnerId}",
            "--hostname", "sandbox",
            "--die-with-parent", "--new-session",
            "--ro-bind", "/usr", "/usr",
        ]);
        foreach (var path in SystemLinks)
            AddSystemPath(argv, path);
        foreach (var path in EtcFiles)
            argv.AddRange(["--ro-bind-try", path, path]);

        argv.AddRange(
        [
            "--proc", "/proc",
            "--dev", "/dev",
            "--size", $"{ShmBytes}", "--tmpfs", "/dev/shm",
            "--size", $"{TmpBytes}", "--tmpfs", "/tmp",
            "--bind", dataDirectory, "/mnt/data",
            // Without these the root and /dev tmpfs stay writable and unbounded: a way round the memory limit.
            "--remount-ro", "/dev",
            "--remount-ro", "/",
            "--chdir", "/mnt/data",
            "--clearenv",
        ]);
        foreach (var (name, value) in SandboxEnvironment)
            argv.AddRange(["--setenv", name, value]);

        argv.AddRange(["--", Prlimit, $"--nproc={options.MaxProcesses}", "--", Python, "-B", "-s"]);
        argv.AddRange(pythonArguments);
        return argv;
    }

    private static void AddSystemPath(List<string> argv, string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
            argv.AddRange(["--symlink", target, path]);
        else if (Directory.Exists(path))
            argv.AddRange(["--ro-bind", path, path]);
    }

    private static readonly (string Name, string Value)[] SandboxEnvironment =
    [
        ("PATH", "/usr/local/bin:/usr/bin:/bin"),
        ("HOME", "/tmp"),
        ("TMPDIR", "/tmp"),
        ("LANG", "C.UTF-8"),
        ("MPLBACKEND", "Agg"),
        ("PYTHONDONTWRITEBYTECODE", "1"),
        // One BLAS/OpenMP thread: each thread counts against RLIMIT_NPROC, and a thread per host core could exhaust it.
        ("OPENBLAS_NUM_THREADS", "1"),
        ("OMP_NUM_THREADS", "1"),
        ("MKL_NUM_THREADS", "1"),
    ];
}
