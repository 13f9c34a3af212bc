namespace Spindle.Load;

/// <summary>Samples a process's working set (VmRSS in /proc) every 20 ms while a load runs, keeping the peak.</summary>
internal sealed class Memory : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private Memory(int pid)
    {
        _pid = pid;
        Idle = Read(pid);
        Peak = Idle;
        _sampling = Task.Run(SampleAsync);
    }

    public long Idle { get; }

    public long Peak { get; private set; }

    public static Memory Watch(int pid) => new(pid);

    public static long Read(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim()) * 1024;
            }
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Peak = Math.Max(Peak, Read(_pid));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
