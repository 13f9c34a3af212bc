using System.Diagnostics;
using System.Globalization;

namespace Spindle.Tools.Tests.CodeInterpreter;

/// <summary>What the host sees of the sandbox's processes, read from the host's /proc.</summary>
internal static class HostProcesses
{
    /// <summary>
    /// Live processes whose real uid is <paramref name="uid"/>. Zombies are left out: when bubblewrap's outer process
    /// exits, the sandbox's pid 1 is briefly a zombie of the host's init, which holds nothing but a pid.
    /// </summary>
    public static int CountOwnedBy(int uid)
    {
        var count = 0;
        var wanted = uid.ToString(CultureInfo.InvariantCulture);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
                continue;
            try
            {
                var status = File.ReadAllLines(Path.Combine(directory, "status"));
                var state = Field(status, "State:");
                if (Field(status, "Uid:") == wanted && state is not null && !state.StartsWith('Z'))
                    count++;
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return count;
    }

    private static string? Field(string[] status, string name) =>
        status.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];

    /// <summary>Waits until no process of <paramref name="uid"/> is left, for at most five seconds, and returns how many are.</summary>
    public static async Task<int> WaitUntilNoneOwnedByAsync(int uid)
    {
        var deadline = Stopwatch.StartNew();
        int left;
        while ((left = CountOwnedBy(uid)) > 0 && deadline.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(50, TestContext.Current.CancellationToken);
        return left;
    }

    /// <summary>Starts a host process and returns its exit code: the host can still fork.</summary>
    public static async Task<int> RunTrueAsync()
    {
        using var process = Process.Start("/usr/bin/true")!;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return process.ExitCode;
    }
}
