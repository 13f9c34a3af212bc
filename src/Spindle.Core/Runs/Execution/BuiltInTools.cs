using Spindle.Core.Upstream;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>
/// The tools Spindle runs itself. The model sees each as a function with the tool's exact name (DESIGN.md, "Built-in
/// tools as the model sees them"); the executor runs the calls instead of handing them to the client.
/// </summary>
internal static class BuiltInTools
{
    public const string CodeInterpreter = "code_interpreter", FileSearch = "file_search";

    private const string FileSearchDescription =
        "Searches the files the user attached and the assistant's knowledge files, and returns the most relevant passages. "
        + "Use it whenever the answer may be in those files.";

    private const string FileSearchParameters =
        """{"type":"object","properties":{"query":{"type":"string","description":"What to look for, as a full question or key phrases."}},"required":["query"],"additionalProperties":false}""";

    private const string CodeInterpreterDescription =
        "Runs Python 3 code in a stateful, sandboxed Jupyter-like session and returns what it prints. Variables and files "
        + "persist between calls in the same thread. Files the user attached, and files you write, are in /mnt/data; link "
        + "files you create as sandbox:/mnt/data/<name>. numpy, pandas and matplotlib are installed; a figure left open "
        + "is shown to the user. There is no internet access.";

    private const string CodeInterpreterParameters =
        """{"type":"object","properties":{"code":{"type":"string","description":"The Python code to run."}},"required":["code"],"additionalProperties":false}""";

    /// <summary>The function tools the model is offered for the run's built-in tools.</summary>
    public static IEnumerable<ModelTool> Offered(IReadOnlyList<Tool> tools)
    {
        if (tools.Any(t => t.Type == CodeInterpreter))
        {
            yield return new ModelTool(CodeInterpreter, CodeInterpreterDescription, CodeInterpreterParameters, null);
        }

        if (tools.Any(t => t.Type == FileSearch))
        {
            yield return new ModelTool(FileSearch, FileSearchDescription, FileSearchParameters, null);
        }
    }

    /// <summary>The run's <c>file_search</c> settings, with OpenAI's defaults (ASSISTANTS_API.md §4).</summary>
    public static (int MaxResults, RankingOptions Ranking) FileSearchSettings(Run run)
    {
        var options = run.Tools.FirstOrDefault(t => t.Type == FileSearch)?.FileSearch;
        var max = options?.MaxNumResults ?? (run.Model.StartsWith("gpt-3.5", StringComparison.Ordinal) ? 5 : 20);
        return (max, options?.RankingOptions ?? new RankingOptions { Ranker = "default_2024_08_21", ScoreThreshold = 0.0 });
    }

    /// <summary>The type of a call the model made by <paramref name="name"/>: a built-in tool the run has, or <c>function</c>.</summary>
    public static string TypeOf(string? name, IReadOnlyList<Tool> tools) =>
        name is CodeInterpreter or FileSearch && tools.Any(t => t.Type == name) && !tools.Any(t => t.Function?.Name == name)
            ? name
            : "function";
}
