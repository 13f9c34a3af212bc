using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Spindle.Tools.CodeInterpreter;

namespace Spindle.Tools.Tests.CodeInterpreter;

[SupportedOSPlatform("linux")]
public sealed class SessionExpiryTests
{
    [Fact]
    public async Task An_idle_session_is_killed_and_its_directory_deleted_after_the_idle_time()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var sandbox = TestSandbox.Create(static o => o.IdleMinutes = 10, time);
        await sandbox.RunAsync("kept = 1\nopen('file.txt', 'w').write('x')");
        var directory = sandbox.Sandbox.SessionDirectory(TestSandbox.Session);
        var pid = sandbox.Sandbox.InterpreterProcessId(TestSandbox.Session);
        Assert.NotNull(pid);

        time.Advance(TimeSpan.FromMinutes(9));
        Assert.True(File.Exists(Path.Combine(directory, "file.txt")));
        Assert.Equal(1, sandbox.Sandbox.SessionCount);

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, sandbox.Sandbox.SessionCount);
        Assert.False(Directory.Exists(directory));
        Assert.False(File.Exists($"/proc/{pid}/status"), "The expired session's bubblewrap process is still running.");

        var after = await sandbox.RunAsync("import os\nprint('kept' in globals(), os.listdir('.'))");
        Assert.Equal("False []\n", after.Logs);
    }

    [Fact]
    public async Task Session_directories_a_stopped_process_left_behind_are_removed_when_a_sandbox_starts()
    {
        using var first = TestSandbox.Create();
        await first.RunAsync("open('left.txt', 'w').write('x')");
        var directory = first.Sandbox.SessionDirectory(TestSandbox.Session);
        Assert.True(File.Exists(Path.Combine(directory, "left.txt")));

        // A new process on the same work root, as after a restart: nothing of the old session is live.
        using var next = new BubblewrapSandbox(first.Options, TimeProvider.System, NullLogger<BubblewrapSandbox>.Instance);
        Assert.False(Directory.Exists(directory));
        Assert.False(next.HasSession(TestSandbox.Session));
    }

    [Fact]
    public async Task Use_resets_the_idle_time()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var sandbox = TestSandbox.Create(static o => o.IdleMinutes = 10, time);
        await sandbox.RunAsync("kept = 1");

        time.Advance(TimeSpan.FromMinutes(8));
        await sandbox.RunAsync("kept += 1");
        time.Advance(TimeSpan.FromMinutes(8));

        Assert.Equal("2\n", (await sandbox.RunAsync("print(kept)")).Logs);
    }
}
