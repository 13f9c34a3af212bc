using System.Diagnostics;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Server.Tests.Bench;

/// <summary>
/// Keeps bench/run.sh from rotting: its smoke mode starts every process and runs every figure for a few seconds, on
/// SQLite and on PostgreSQL.
/// Only the exit code and the shape of the output are checked; nothing timed is asserted (STYLE.md).
/// </summary>
public sealed class BenchSmokeTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task Bench_smoke_exits_zero_and_writes_every_figure_on_both_stores()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Repository.Root;
        var output = Directory.CreateTempSubdirectory("spindle-bench-smoke-");
        try
        {
            var start = new ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("bench/run.sh");
            start.ArgumentList.Add("--smoke");
            start.Environment["BENCH_CONFIGURATION"] = Configuration;
            start.Environment["BENCH_OUT"] = output.FullName;

            // `dotnet build Spindle.slnx` builds the bench projects too; otherwise run.sh builds them itself.
            string[] built = ["Spindle.Server/{0}/spindle.dll", "Spindle.FakeUpstream/{0}/Spindle.FakeUpstream.dll",
                "Spindle.Load/{0}/Spindle.Load.dll", "Spindle.Benchmarks/{0}/Spindle.Benchmarks.dll"];
            var pivot = Configuration.ToLowerInvariant();
            if (built.All(b => File.Exists(Path.Combine(root, "artifacts", "bin", string.Format(System.Globalization.CultureInfo.InvariantCulture, b, pivot)))))
            {
                start.Environment["BENCH_NO_BUILD"] = "1";
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(5));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            Assert.True(process.ExitCode == 0, $"bench/run.sh --smoke exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
            foreach (var (store, expected) in new[] { ("sqlite", (int[])[1, 2, 3, 4, 5, 6, 7]), ("postgres", [1, 2, 3, 4, 5, 7]) })
            {
                var markdown = await File.ReadAllTextAsync(Path.Combine(output.FullName, store, "latest.md"), ct);
                using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output.FullName, store, "latest.json"), ct));
                Assert.Equal(store, json.RootElement.GetProperty("store").GetString());
                var figures = json.RootElement.GetProperty("figures").EnumerateArray().ToList();
                Assert.Equal(expected, figures.Select(f => f.GetProperty("number").GetInt32()));
                foreach (var figure in figures)
                {
                    var number = figure.GetProperty("number").GetInt32();
                    Assert.NotEmpty(figure.GetProperty("rows").EnumerateArray());
                    Assert.DoesNotContain(figure.GetProperty("rows").EnumerateArray(), r => r.GetProperty("metric").GetString() == "failed");
                    Assert.Contains($"\n| {number} | ", markdown, StringComparison.Ordinal);
                }

                // Every streaming figure is read against the pass-through proxy.
                Assert.Contains(figures[0].GetProperty("rows").EnumerateArray(), r => r.GetProperty("metric").GetString()!.Contains("pass-through proxy", StringComparison.Ordinal));
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
