using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spindle.Load;

/// <summary>One line of a figure: Spindle's value, the baseline's value measured in the same run, and their ratio.</summary>
internal sealed record Row(string Metric, double? Spindle, double? Baseline, string Unit, string? Note = null)
{
    public double? Ratio => Spindle is { } s && Baseline is { } b && b > 0 ? s / b : null;
}

/// <summary>One numbered figure of the issue: what it compares, how it was measured, and its rows.</summary>
internal sealed record Figure(int Number, string Title, string Baseline, string Method, List<Row> Rows);

internal sealed record Results(string Mode, string Store, string Machine, DateTimeOffset StartedAt, double WallSeconds, List<Figure> Figures);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(Results))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;

/// <summary>Writes <c>latest.md</c> (one table, then how each figure was measured) and <c>latest.json</c>.</summary>
internal static class Report
{
    // Backticks and arrows in the method texts stay readable in the JSON.
    private static readonly ResultsJsonContext Json = new(new JsonSerializerOptions(ResultsJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static void Write(Results results, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "latest.json"), JsonSerializer.Serialize(results, Json.Results));
        File.WriteAllText(Path.Combine(directory, "latest.md"), Markdown(results));
    }

    private static string Markdown(Results results)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Spindle on {results.Store} against the physical limit ({results.Mode})");
        md.AppendLine();
        md.AppendLine($"{results.StartedAt:yyyy-MM-dd HH:mm} UTC, {results.Machine}, {results.WallSeconds:F0} s. Every baseline was measured in this run; 1.00× is the limit.");
        md.AppendLine();
        md.AppendLine("| # | figure | metric | Spindle | baseline | ratio |");
        md.AppendLine("|---|---|---|---:|---:|---:|");
        foreach (var figure in results.Figures)
        {
            foreach (var row in figure.Rows)
            {
                var metric = row.Note is null ? row.Metric : $"{row.Metric} ({row.Note})";
                md.AppendLine($"| {figure.Number} | {figure.Title} | {metric} | {Format(row.Spindle, row.Unit)} | {Format(row.Baseline, row.Unit)} | {(row.Ratio is { } r ? $"{r:F2}×" : "–")} |");
            }
        }

        md.AppendLine();
        md.AppendLine("## How each figure was measured");
        md.AppendLine();
        foreach (var figure in results.Figures)
        {
            md.AppendLine($"{figure.Number}. **{figure.Title}**, baseline: {figure.Baseline}. {figure.Method}");
        }

        return md.ToString();
    }

    private static string Format(double? value, string unit) => value switch
    {
        null => "–",
        { } v when double.IsNaN(v) => "n/a",
        { } v when unit == "" => $"{v:0.##}",
        { } v when Math.Abs(v) >= 100 => $"{v:F0} {unit}",
        { } v => $"{v:0.##} {unit}",
    };
}
