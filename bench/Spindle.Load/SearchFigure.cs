using System.Diagnostics;
using System.Globalization;

namespace Spindle.Load;

/// <summary>
/// Figure 6: file_search latency at 10k and 100k chunks, measured by bench/Spindle.Benchmarks (BenchmarkDotNet, its
/// own baseline: a linear dot-product scan over the same vectors). This runs it and reads its summary table, then runs
/// its <c>--percentiles</c> mode (search p50/p99, index memory per chunk, local-model ingestion chunks/s); the smoke runs
/// both in their <c>--smoke</c> forms, whose timings are not measurements.
/// </summary>
internal sealed class SearchFigure(Settings settings)
{
    public async Task<Figure> RunAsync(CancellationToken ct)
    {
        var work = Directory.CreateTempSubdirectory("spindle-bench-search-");
        try
        {
            string[] args = settings.Smoke ? ["--smoke"] : ["--filter", "*SearchBenchmarks*"];
            var output = await RunAsync(settings.BenchmarksDll, args, work.FullName, settings.Smoke ? TimeSpan.FromSeconds(60) : TimeSpan.FromMinutes(5), ct);
            var rows = settings.Smoke ? SmokeRows(output) : SummaryRows(output);
            string[] percentiles = settings.Smoke ? ["--percentiles", "--smoke"] : ["--percentiles"];
            rows.AddRange(PercentileRows(await RunAsync(settings.BenchmarksDll, percentiles, work.FullName, TimeSpan.FromMinutes(10), ct)));
            return new Figure(6, "file_search latency", "a linear dot-product scan over the same chunk vectors (BenchmarkDotNet baseline)",
                settings.Smoke
                    ? "Smoke: `Spindle.Benchmarks --smoke` ran every search once on 2,000 chunks to keep it compiling; no ratio is a measurement."
                    : "`Spindle.Benchmarks --filter *SearchBenchmarks*` (BenchmarkDotNet ShortRun, in-process; one search over a built index " +
                      "of synthetic chunks, query embedding excluded). Spindle's value is BenchmarkDotNet's mean, the ratio its Ratio column.",
                rows);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    // percentiles: <metric>: <value> <unit> (baseline <value>)
    private static IEnumerable<Row> PercentileRows(IReadOnlyList<string> output) =>
        output.Where(static l => l.StartsWith("percentiles: ", StringComparison.Ordinal)).Select(static l =>
        {
            var line = l["percentiles: ".Length..];
            var colon = line.LastIndexOf(": ", StringComparison.Ordinal);
            var value = line[(colon + 2)..].Split(' ');
            var baseline = line.Contains("(baseline ", StringComparison.Ordinal)
                ? double.Parse(line.Split("(baseline ")[1].TrimEnd(')'), CultureInfo.InvariantCulture)
                : (double?)null;
            return new Row(line[..colon], double.Parse(value[0], CultureInfo.InvariantCulture), baseline, value[1]);
        });

    private static List<Row> SmokeRows(IReadOnlyList<string> output) =>
        [.. output.Where(l => l.StartsWith("search: ", StringComparison.Ordinal) && l.Contains(" ms", StringComparison.Ordinal)).Select(l =>
        {
            var name = l[..l.LastIndexOf(':')];
            var ms = double.Parse(l[(l.LastIndexOf(':') + 1)..].Split(" ms")[0], CultureInfo.InvariantCulture);
            return new Row($"{name} at 2,000 chunks (smoke, once)", ms, null, "ms");
        })];

    // The summary table BenchmarkDotNet prints: | Method | Chunks | Mean | Error | StdDev | Ratio | … |
    private static List<Row> SummaryRows(IReadOnlyList<string> output)
    {
        var table = output.SkipWhile(l => !l.StartsWith("| Method", StringComparison.Ordinal)).TakeWhile(l => l.StartsWith('|')).ToList();
        if (table.Count < 3)
            throw new InvalidOperationException("Spindle.Benchmarks printed no summary table.");
        var header = Cells(table[0]);
        int Column(string name) => header.IndexOf(name);
        var rows = new List<Row>();
        var baselines = new Dictionary<string, double>();
        foreach (var cells in table.Skip(2).Select(Cells).Where(c => c[0].Length > 0))
        {
            var chunks = cells[Column("Chunks")];
            var mean = Microseconds(cells[Column("Mean")]);
            if (cells[0] == "LinearDotScan")
            {
                baselines[chunks] = mean;
                continue;
            }

            rows.Add(new Row($"{cells[0]} search at {int.Parse(chunks, CultureInfo.InvariantCulture):N0} chunks: mean", mean / 1000, null, "ms",
                $"allocated {cells[Column("Allocated")]}"));
        }

        return [.. rows.Select(r => r with { Baseline = baselines[r.Metric.Split(" at ")[1].Split(' ')[0].Replace(",", "", StringComparison.Ordinal)] / 1000 })];
    }

    private static List<string> Cells(string line) => [.. line.Trim('|').Split('|').Select(c => c.Trim())];

    private static double Microseconds(string mean)
    {
        var parts = mean.Split(' ');
        var value = double.Parse(parts[0].Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        return parts[1] switch { "ns" => value / 1000, "us" or "μs" => value, "ms" => value * 1000, "s" => value * 1_000_000, _ => double.NaN };
    }

    private static async Task<List<string>> RunAsync(string dll, string[] args, string workingDirectory, TimeSpan timeout, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var arg in (string[])[dll, .. args])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Spindle.Benchmarks did not finish within {timeout.TotalMinutes:F0} min.");
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException($"Spindle.Benchmarks exited with {process.ExitCode}.");
        lock (lines)
            return [.. lines];
    }
}
