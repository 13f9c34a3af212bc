namespace Spindle.Load;

/// <summary>
/// Drives Spindle until its JIT has settled: tiered compilation recompiles hot methods only once start-up activity
/// quiets down, and on two cores its background compiler took 40% of Spindle's CPU for tens of seconds under load,
/// which the first figures would otherwise measure. Rounds of two seconds, from eight seconds to forty, until the
/// tiered-compilation thread used under 2% of Spindle's CPU in a round (read from <c>/proc</c>).
/// </summary>
internal static class WarmUp
{
    private const string TieredCompilationThread = ".NET Tiered Com";
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(2), Least = TimeSpan.FromSeconds(8), Most = TimeSpan.FromSeconds(40);

    public static async Task<string> RunAsync(int pid, Func<TimeSpan, Task> load)
    {
        var shares = new List<double>();
        for (var elapsed = TimeSpan.Zero; elapsed < Most; elapsed += Round)
        {
            var (process, jit) = CpuTicks(pid);
            await load(Round);
            var (processAfter, jitAfter) = CpuTicks(pid);
            shares.Add(processAfter == process ? 0 : (double)(jitAfter - jit) / (processAfter - process));
            if (elapsed + Round >= Least && shares[^1] < 0.02)
            {
                break;
            }
        }

        return $"{shares.Count * Round.TotalSeconds:F0} s; the JIT's share of Spindle's CPU per round: {string.Join(", ", shares.Select(s => $"{s:P0}"))}";
    }

    // utime + stime of the process (its finished threads included) and of the tiered-compilation thread, which exits
    // when idle: a thread that is gone counts as zero, so a round in which it ended reads as settled only if it was idle.
    private static (long Process, long Jit) CpuTicks(int pid)
    {
        var jit = 0L;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd() == TieredCompilationThread)
                {
                    jit += Ticks(File.ReadAllText(Path.Combine(task, "stat")));
                }
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return (Ticks(File.ReadAllText($"/proc/{pid}/stat")), jit);
    }

    // Fields 14 and 15 (utime, stime) of /proc/.../stat, counted after the parenthesised command name.
    private static long Ticks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11]) + long.Parse(fields[12]);
    }
}
