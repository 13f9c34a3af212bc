using System.Net;
using System.Net.Sockets;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Server.Tests.CodeInterpreter;

/// <summary>A Spindle whose sandbox gives each code_interpreter call 2 s of wall time instead of 30.</summary>
public sealed class ShortSandboxTimeoutFixture : SpindleFixture
{
    public const int TimeoutSeconds = 2;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Spindle:CodeInterpreter:TimeoutSeconds"] = TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Hostile code written by the model, seen only through the public API: each call ends inside the sandbox limits
/// (CodeInterpreterOptions), the run that made it still completes with logs saying what stopped the code, and the next
/// run on the same thread works, with the interpreter state and <c>/mnt/data</c> files as the options document them:
/// a wall-time kill loses the state and keeps the files; an exception (memory, processes) keeps both.
/// </summary>
public sealed class SandboxLimitsThroughRunsTests(ShortSandboxTimeoutFixture spindle) : IClassFixture<ShortSandboxTimeoutFixture>
{
    private const string Tools = """[{"type":"code_interpreter"}]""";

    // Generous against the 2 s limit (the interpreter restart and the two model turns are on top), far below 30 s.
    private static readonly TimeSpan RunBudget = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task An_infinite_loop_is_killed_at_the_wall_time_limit_and_the_next_run_keeps_the_files_but_not_the_state()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread) = await spindle.SeedAsync(ct, Tools);

        var (stopped, elapsed) = await RunCodeAsync(assistant, thread,
            "open('/mnt/data/kept.txt', 'w').write('written before the loop')\ncounter = 41\nprint('looping')\nwhile True:\n    pass", ct);

        Assert.InRange(elapsed, TimeSpan.FromSeconds(ShortSandboxTimeoutFixture.TimeoutSeconds), RunBudget);
        Assert.StartsWith("looping\n", stopped, StringComparison.Ordinal);
        Assert.Contains($"timed out after {ShortSandboxTimeoutFixture.TimeoutSeconds} s", stopped, StringComparison.Ordinal);
        Assert.Contains("state lost", stopped, StringComparison.Ordinal);

        var (after, _) = await RunCodeAsync(assistant, thread,
            "print(open('/mnt/data/kept.txt').read())\nprint('counter' in globals())", ct);
        Assert.Equal("written before the loop\nFalse\n", after);
    }

    [Fact]
    public async Task A_fork_bomb_runs_out_of_processes_and_the_next_run_on_the_thread_completes()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread) = await spindle.SeedAsync(ct, Tools);

        // Every child forks too; each one that hits RLIMIT_NPROC raises and leaves, and the REPL reaps the rest.
        var (stopped, elapsed) = await RunCodeAsync(assistant, thread,
            "import os\nopen('/mnt/data/bomb.txt', 'w').write('forked')\nwhile True:\n    os.fork()", ct);

        Assert.True(elapsed < RunBudget, $"the fork bomb's run took {elapsed}");
        Assert.True(
            stopped.Contains("BlockingIOError: [Errno 11] Resource temporarily unavailable", StringComparison.Ordinal)
            || stopped.Contains($"timed out after {ShortSandboxTimeoutFixture.TimeoutSeconds} s", StringComparison.Ordinal),
            $"the logs do not say what stopped the fork bomb:\n{stopped}");

        var (after, _) = await RunCodeAsync(assistant, thread,
            "import subprocess\nprint(open('/mnt/data/bomb.txt').read())\nprint(subprocess.run(['echo', 'a child process works'], capture_output=True, text=True).stdout, end='')", ct);
        Assert.Equal("forked\na child process works\n", after);
    }

    [Fact]
    public async Task A_memory_bomb_gets_a_MemoryError_and_the_next_run_still_has_the_interpreter_state()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread) = await spindle.SeedAsync(ct, Tools);

        // bytes(n) comes from calloc, so the bomb reaches the 1 GiB address-space limit (RLIMIT_AS) without touching
        // a gigabyte of pages first: a bomb that writes its memory meets the same limit, only later, and on a loaded
        // machine after the 2 s wall time, which would make this test about timing instead of memory.
        var (stopped, elapsed) = await RunCodeAsync(assistant, thread,
            "survivor = 'still here'\nhog = []\nwhile True:\n    hog.append(bytes(64 * 1024 * 1024))", ct);

        Assert.True(elapsed < RunBudget, $"the memory bomb's run took {elapsed}");
        Assert.Contains("MemoryError", stopped, StringComparison.Ordinal);
        Assert.DoesNotContain("timed out", stopped, StringComparison.Ordinal);

        var (after, _) = await RunCodeAsync(assistant, thread, "del hog\nprint(survivor)", ct);
        Assert.Equal("still here\n", after);
    }

    [Fact]
    public async Task Model_code_cannot_reach_a_listener_on_the_host_loopback()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync(ct).AsTask();
        var (assistant, thread) = await spindle.SeedAsync(ct, Tools);

        var (logs, _) = await RunCodeAsync(assistant, thread,
            $"import socket\ns = socket.socket()\ns.settimeout(1)\ntry:\n    s.connect(('127.0.0.1', {port}))\n    print('connected')\nexcept OSError as e:\n    print('connect failed:', type(e).__name__)", ct);

        Assert.StartsWith("connect failed: ", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("connected", logs, StringComparison.Ordinal);
        // The sandbox has its own network namespace: its 127.0.0.1 is not ours, so nothing ever knocked.
        await Task.Delay(200, ct);
        Assert.False(accepted.IsCompleted, "the host listener accepted a connection from model code");
        listener.Stop();
    }

    /// <summary>
    /// One run in which the model runs <paramref name="code"/> and then answers; asserts the run completed and the server
    /// still answers health checks, and returns the call's logs and how long the run took.
    /// </summary>
    private async Task<(string Logs, TimeSpan Elapsed)> RunCodeAsync(string assistant, string thread, string code, CancellationToken ct)
    {
        var callId = "call_" + Guid.NewGuid().ToString("N")[..12];
        spindle.Upstream.Enqueue(Script.ToolCalls((callId, "code_interpreter", Arguments(code))));
        spindle.Upstream.Enqueue(Script.Reply("Done."));

        var started = TimeProvider.System.GetTimestamp();
        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        var run = (await spindle.WaitForRunAsync(thread, created.Id, ct)).Json;
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        Assert.True(run.GetProperty("status").GetString() == "completed", $"run {created.Id}: {run}");

        var steps = (await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}/steps?order=asc", ct)).Json.GetProperty("data");
        Assert.Equal(["tool_calls", "message_creation"], steps.EnumerateArray().Select(s => s.GetProperty("type").GetString()));
        var call = steps[0].GetProperty("step_details").GetProperty("tool_calls")[0];
        Assert.Equal((callId, code), (call.GetProperty("id").GetString(), call.GetProperty("code_interpreter").GetProperty("input").GetString()));
        var logs = string.Concat(call.GetProperty("code_interpreter").GetProperty("outputs").EnumerateArray()
            .Where(o => o.GetProperty("type").GetString() == "logs")
            .Select(o => o.GetProperty("logs").GetString()));

        TestContext.Current.TestOutputHelper?.WriteLine($"{callId} ({elapsed.TotalSeconds:0.0} s): {logs}");
        var health = await spindle.GetAsync("/healthz", ct);
        Assert.Equal(HttpStatusCode.OK, health.Status);
        return (logs, elapsed);
    }

    private static string Arguments(string code) =>
        $$"""{"code":"{{JsonEncodedText.Encode(code, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}}"}""";
}
