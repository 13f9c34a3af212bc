using System.Diagnostics;
using System.Runtime.Versioning;
using Spindle.Core.Tools;

namespace Spindle.Tools.Tests.CodeInterpreter;

/// <summary>
/// Each bomb is stopped by its limit, the host stays healthy, and the same session still works afterwards. The class
/// runs as a uid of its own, so counting that uid's processes on the host counts this sandbox's processes only.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LimitTests
{
    private const int Uid = 2_147_000_101;

    [Fact]
    public async Task An_infinite_loop_is_killed_at_the_wall_time_limit_and_the_session_restarts_with_its_files()
    {
        using var sandbox = TestSandbox.Create(static o => (o.TimeoutSeconds, o.SandboxUid) = (2, Uid));
        await sandbox.RunAsync("kept = 1\nopen('before.txt', 'w').write('x')");

        var clock = Stopwatch.StartNew();
        var result = await sandbox.RunAsync("print('looping', flush=True)\nwhile True:\n    pass");
        var elapsed = clock.Elapsed;

        Assert.Equal(CodeExecutionStatus.TimedOut, result.Status);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6));
        Assert.Equal("looping\n", result.Logs);
        Assert.StartsWith("Execution timed out after 2 s", result.Error, StringComparison.Ordinal);
        await AssertNoSandboxProcessLeftAsync();

        var after = await sandbox.RunAsync("import os\nprint('kept' in globals(), os.path.exists('before.txt'))");
        Assert.Equal("False True\n", after.Logs);
    }

    [Fact]
    public async Task A_cpu_bound_loop_stops_at_the_cpu_limit_and_keeps_the_session_state()
    {
        using var sandbox = TestSandbox.Create(static o => (o.CpuSeconds, o.TimeoutSeconds, o.SandboxUid) = (1, 20, Uid));
        await sandbox.RunAsync("kept = 'yes'");

        var clock = Stopwatch.StartNew();
        var result = await sandbox.RunAsync("while True:\n    pass");

        Assert.Equal(CodeExecutionStatus.Failed, result.Status);
        Assert.Equal("CpuTimeExceeded: CPU time limit exceeded", result.Error);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(6));
        Assert.Equal("yes\n", (await sandbox.RunAsync("print(kept)")).Logs);
    }

    [Fact]
    public async Task A_fork_bomb_is_held_at_the_process_limit_then_killed_and_the_host_can_still_fork()
    {
        const int maxProcesses = 32;
        await AssertNoSandboxProcessLeftAsync();
        using var sandbox = TestSandbox.Create(static o => (o.TimeoutSeconds, o.MaxProcesses, o.SandboxUid) = (4, maxProcesses, Uid));
        await sandbox.RunAsync("print('warm')");

        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var peak = SamplePeakAsync(sampling.Token);
        var result = await sandbox.RunAsync("""
            import os
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
            """);
        await sampling.CancelAsync();

        Assert.Equal(CodeExecutionStatus.TimedOut, result.Status);
        // The session's processes inside its user namespace, plus the outer bwrap that sits outside it.
        Assert.InRange(await peak, 2, maxProcesses + 1);
        await AssertNoSandboxProcessLeftAsync();
        Assert.Equal(0, await HostProcesses.RunTrueAsync());
        Assert.Equal("alive\n", (await sandbox.RunAsync("print('alive')")).Logs);
    }

    [Fact]
    public async Task A_naive_fork_bomb_fails_with_the_fork_error_and_leaves_no_process_behind()
    {
        using var sandbox = TestSandbox.Create(static o => (o.MaxProcesses, o.SandboxUid) = (16, Uid));
        await sandbox.RunAsync("kept = 1");

        var result = await sandbox.RunAsync("import os\nwhile True:\n    os.fork()");

        Assert.Equal(CodeExecutionStatus.Failed, result.Status);
        Assert.StartsWith("BlockingIOError", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, await HostProcesses.RunTrueAsync());
        // Left: the sandbox's pid 1 (bwrap) and the REPL, once the killed forks have been reaped; on a loaded machine
        // that can take a moment after the call returns, so the count is read until it settles (bounded).
        var after = await sandbox.RunAsync("""
            import os, time
            for _ in range(100):
                count = len([p for p in os.listdir('/proc') if p.isdigit()])
                if count == 2:
                    break
                time.sleep(0.05)
            print(kept, count)
            """);
        Assert.Equal("1 2\n", after.Logs);
    }

    [Fact]
    public async Task A_memory_bomb_gets_a_memory_error_and_the_session_and_host_carry_on()
    {
        using var sandbox = TestSandbox.Create(static o => o.SandboxUid = Uid);

        var result = await sandbox.RunAsync("""
            import numpy as np
            blocks = []
            while True:
                blocks.append(np.ones(25_000_000))
            """);

        Assert.Equal(CodeExecutionStatus.Failed, result.Status);
        Assert.StartsWith("MemoryError", result.Error, StringComparison.Ordinal);
        var after = await sandbox.RunAsync("held = len(blocks) * 200\ndel blocks\nprint(held <= 1024)");
        Assert.Equal("True\n", after.Logs);
        Assert.Equal(0, await HostProcesses.RunTrueAsync());
        var hostBuffer = new byte[256 * 1024 * 1024];
        Array.Fill(hostBuffer, (byte)1);
        Assert.Equal(1, hostBuffer[^1]);
    }

    [Fact]
    public async Task A_single_huge_allocation_fails_without_killing_the_interpreter()
    {
        using var sandbox = TestSandbox.Create(static o => (o.MemoryMegabytes, o.SandboxUid) = (512, Uid));
        await sandbox.RunAsync("kept = 1");

        var result = await sandbox.RunAsync("x = bytearray(600 * 1024 * 1024)");

        Assert.Equal(CodeExecutionStatus.Failed, result.Status);
        Assert.StartsWith("MemoryError", result.Error, StringComparison.Ordinal);
        Assert.Equal("1\n", (await sandbox.RunAsync("print(kept)")).Logs);
    }

    [Fact]
    public async Task A_huge_output_is_truncated_at_the_cap_with_a_marker()
    {
        using var sandbox = TestSandbox.Create(static o => (o.MaxOutputBytes, o.SandboxUid) = (4096, Uid));

        var result = await sandbox.RunAsync("print('x' * 10_000_000)\nprint('end')");

        Assert.Equal(CodeExecutionStatus.Completed, result.Status);
        Assert.True(result.Truncated);
        Assert.Equal(new string('x', 4096) + "\n[output truncated: 9995909 more bytes were dropped]\n", result.Logs);
    }

    [Fact]
    public async Task A_subprocess_flooding_the_pipe_does_not_block_the_call()
    {
        using var sandbox = TestSandbox.Create(static o => (o.MaxOutputBytes, o.SandboxUid) = (1024, Uid));

        var result = await sandbox.RunAsync("import subprocess\nsubprocess.run('head -c 50000000 /dev/zero | tr \"\\\\0\" y', shell=True)\nprint('done')");

        Assert.Equal(CodeExecutionStatus.Completed, result.Status);
        Assert.True(result.Truncated);
        Assert.StartsWith(new string('y', 1024) + "\n[output truncated: ", result.Logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_larger_than_the_file_size_limit_cannot_be_written()
    {
        using var sandbox = TestSandbox.Create(static o => (o.MaxFileMegabytes, o.SandboxUid) = (1, Uid));

        var result = await sandbox.RunAsync("open('big.bin', 'wb').write(b'0' * 2 * 1024 * 1024)");

        Assert.Equal(CodeExecutionStatus.Failed, result.Status);
        Assert.Equal("OSError: [Errno 27] File too large", result.Error);
        Assert.Equal("alive\n", (await sandbox.RunAsync("print('alive')")).Logs);
    }

    [Fact]
    public async Task An_interpreter_that_exits_is_reported_and_the_next_call_starts_a_fresh_one()
    {
        using var sandbox = TestSandbox.Create(static o => o.SandboxUid = Uid);
        await sandbox.RunAsync("kept = 1");

        var result = await sandbox.RunAsync("import os\nprint('bye', flush=True)\nos._exit(3)");

        Assert.Equal(CodeExecutionStatus.Crashed, result.Status);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("bye\n", result.Logs);
        Assert.Equal("False\n", (await sandbox.RunAsync("print('kept' in globals())")).Logs);
    }

    [Fact]
    public async Task Cancelling_the_call_kills_the_code_and_throws()
    {
        using var sandbox = TestSandbox.Create(static o => o.SandboxUid = Uid);
        await sandbox.RunAsync("pass");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            sandbox.Sandbox.ExecuteAsync(TestSandbox.Session, "import time\ntime.sleep(60)", [], cancel.Token));

        Assert.Null(sandbox.Sandbox.InterpreterProcessId(TestSandbox.Session));
        await AssertNoSandboxProcessLeftAsync();
    }

    private static async Task AssertNoSandboxProcessLeftAsync()
    {
        if (Environment.IsPrivilegedProcess)
            Assert.Equal(0, await HostProcesses.WaitUntilNoneOwnedByAsync(Uid));
    }

    private static async Task<int> SamplePeakAsync(CancellationToken cancellationToken)
    {
        var peak = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            peak = Math.Max(peak, HostProcesses.CountOwnedBy(Uid));
            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return peak;
    }
}
