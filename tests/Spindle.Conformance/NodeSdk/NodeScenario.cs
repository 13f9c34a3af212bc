using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Conformance.NodeSdk;

/// <summary>
/// Runs one script of <c>tests/Spindle.Conformance/node/scenarios</c> against a <see cref="SpindleFixture"/> and
/// hands back its success line. The scripts' contract (node/scenarios/lib.mjs): one JSON line on stdout and exit 0,
/// or exit 1 with the error on stderr.
/// </summary>
/// <remarks>Thread-safe: tests in different classes run scenarios in parallel, each in its own process.</remarks>
internal static class NodeScenario
{
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    // Once per test run, not per test. No test's token goes in: one cancelled test must not fail the install for the rest.
    private static readonly Lazy<Task> Install = new(InstallAsync, LazyThreadSafetyMode.ExecutionAndPublication);


    public static string RepositoryRoot => Repository.Root;

    public static string NodeDirectory => Path.Combine(RepositoryRoot, "tests", "Spindle.Conformance", "node");

    /// <summary>
    /// Runs <c>node scenarios/<paramref name="name"/>.mjs</c> with Spindle's URL and tenant A's key, asserts exit 0
    /// (with the script's stdout and stderr in the message otherwise) and returns the parsed success line.
    /// </summary>
    public static async Task<JsonElement> RunAsync(
        SpindleFixture spindle, string name, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        await Install.Value.WaitAsync(cancellationToken);

        var result = await RunNodeAsync(spindle, name, environment, cancellationToken);
        Assert.True(result.ExitCode == 0, result.Describe($"node scenarios/{name}.mjs exited with {result.ExitCode}"));

        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        Assert.True(line is not null, result.Describe($"{name}: no success line on stdout"));
        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(line);
            json = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            Assert.Fail(result.Describe($"{name}: the last stdout line is not JSON ({e.Message})"));
            throw;
        }

        Assert.True(json.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True, result.Describe($"{name}: success line without \"ok\":true"));
        Assert.Equal(name, json.GetProperty("scenario").GetString());
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        return json;
    }

    private static async Task<ProcessResult> RunNodeAsync(
        SpindleFixture spindle, string name, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = NodeDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine("scenarios", name + ".mjs"));

        // The SDK reads OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_ORG_ID… from the environment; none may leak in from the
        // machine running the tests, so the script talks to this Spindle and nothing else.
        foreach (var key in start.Environment.Keys.Where(static k => k.StartsWith("OPENAI_", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["SPINDLE_BASE_URL"] = spindle.ApiUrl.ToString();
        start.Environment["SPINDLE_API_KEY"] = SpindleFixture.KeyA;
        // A little under our own limit, so a hung script reports where it was stuck instead of being killed silently.
        start.Environment["SPINDLE_SCENARIO_TIMEOUT_MS"] = ((int)(ScenarioTimeout.TotalMilliseconds - 5_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        return await RunProcessAsync(start, ScenarioTimeout, cancellationToken);
    }

    private static async Task InstallAsync()
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", "install-node-deps.sh"));

        var result = await RunProcessAsync(start, InstallTimeout, CancellationToken.None);
        if (result.ExitCode != 0)
            throw new InvalidOperationException(result.Describe($"scripts/install-node-deps.sh exited with {result.ExitCode}"));
    }

    private static async Task<ProcessResult> RunProcessAsync(ProcessStartInfo start, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new ProcessResult(start, -1, await stdout, await stderr + $"\n(killed after {timeout.TotalSeconds:0} s)");
        }

        return new ProcessResult(start, process.ExitCode, await stdout, await stderr);
    }

    private sealed record ProcessResult(ProcessStartInfo Start, int ExitCode, string Stdout, string Stderr)
    {
        public string Describe(string headline)
        {
            var text = new StringBuilder(headline).AppendLine();
            text.Append("command: ").Append(Start.FileName).Append(' ').AppendJoin(' ', Start.ArgumentList).AppendLine();
            text.Append("env: ").AppendJoin(' ', Start.Environment
                .Where(static e => e.Key.StartsWith("SPINDLE_", StringComparison.Ordinal) || ScenarioVariables.Contains(e.Key))
                .Select(static e => $"{e.Key}={e.Value}")).AppendLine();
            text.AppendLine("--- stdout ---").AppendLine(Stdout.TrimEnd());
            text.AppendLine("--- stderr ---").Append(Stderr.TrimEnd());
            return text.ToString();
        }

        private static readonly HashSet<string> ScenarioVariables = ["EXPECT_TEXT", "EXPECT_TEXT2", "EXPECT_TEXT_ATTACHMENT", "EXPECT_DELTAS", "EXPECT_ARGS", "EXPECT_CODE", "EXPECT_LOGS", "CALL_IDS", "CALL_ID", "CANCEL_WHEN", "HTML_CONTENT"];
    }
}
