namespace Spindle.Tools.CodeInterpreter;

/// <summary>
/// The <c>code_interpreter</c> sandbox, bound from <c>Spindle:CodeInterpreter</c>. Every limit applies to one session.
/// </summary>
public sealed class CodeInterpreterOptions
{
    public const string Section = "Spindle:CodeInterpreter";

    /// <summary>
    /// Where session directories live: <c>&lt;WorkRoot&gt;/&lt;session&gt;</c> is a session's <c>/mnt/data</c>. When
    /// Spindle runs as root, every directory above it must be searchable (<c>o+x</c>) by <see cref="SandboxUid"/>.
    /// </summary>
    public string WorkRoot { get; set; } = "./data/sandbox";

    /// <summary>Wall-clock limit of one call; past it every process of the session is killed and its state lost.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>CPU-time limit of one call (RLIMIT_CPU); past it the code gets a <c>CpuTimeExceeded</c> exception and state is kept.</summary>
    public int CpuSeconds { get; set; } = 30;

    /// <summary>Address-space limit of each sandboxed process (RLIMIT_AS); numpy, pandas and matplotlib need about 300 MiB.</summary>
    public int MemoryMegabytes { get; set; } = 1024;

    /// <summary>Processes and threads a session may have at once (RLIMIT_NPROC, counted inside its user namespace).</summary>
    public int MaxProcesses { get; set; } = 64;

    /// <summary>Largest file the code may write (RLIMIT_FSIZE).</summary>
    public int MaxFileMegabytes { get; set; } = 100;

    /// <summary>Logs (stdout and stderr) kept per call; the rest is dropped and a marker line says so.</summary>
    public int MaxOutputBytes { get; set; } = 64 * 1024;

    /// <summary>A session unused this long is ended: its processes killed and its directory deleted.</summary>
    public int IdleMinutes { get; set; } = 10;

    /// <summary>
    /// The host uid the sandbox runs as when Spindle runs as root. The kernel never enforces RLIMIT_NPROC for uid 0,
    /// so root Spindle drops to this uid (with <c>setpriv</c>) before starting bubblewrap. Pick an id no account and no
    /// other process uses. Ignored when Spindle is not root: the sandbox then runs as Spindle's own uid.
    /// </summary>
    public int SandboxUid { get; set; } = 2_147_000_000;

    /// <summary>The bubblewrap executable (Debian's <c>bubblewrap</c> package).</summary>
    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";
}
