using System.Text;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>
/// How file-search results are shown to the model and cited back. Result <c>i</c> of the run's <c>n</c>-th search
/// is marked <c>【n:i†file_name】</c>, the form OpenAI's answers carried (ASSISTANTS_API.md §6.5 (d)); the model is asked
/// to quote the marker after what it uses, and each quoted marker becomes a <c>file_citation</c> annotation.
/// </summary>
internal static class FileSearchSources
{
    public static string Marker(int search, int result, string fileName) => $"【{search}:{result}†{fileName}】";

    /// <summary>The tool result the model reads for one search.</summary>
    public static string ForModel(int search, FileSearchCall call)
    {
        if (call.Results.Count == 0)
        {
            return "No results were found in the attached files.";
        }

        var text = new StringBuilder("Results from the attached files. Cite a result by writing its marker, exactly as shown, right after the sentence that uses it.\n");
        for (var i = 0; i < call.Results.Count; i++)
        {
            var result = call.Results[i];
            text.Append('\n').Append(Marker(search, i, result.FileName)).Append('\n');
            foreach (var content in result.Content ?? [])
            {
                text.Append(content.Text).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Every marker of the run's searches so far, mapped to the cited file.</summary>
    public static Dictionary<string, string> Markers(IEnumerable<RunStep> steps)
    {
        var markers = new Dictionary<string, string>(StringComparer.Ordinal);
        var search = 0;
        foreach (var call in Searches(steps))
        {
            for (var i = 0; i < call.Results.Count; i++)
            {
                markers[Marker(search, i, call.Results[i].FileName)] = call.Results[i].FileId;
            }

            search++;
        }

        return markers;
    }

    /// <summary>The run's file-search calls in order, each numbered as its markers are.</summary>
    public static IEnumerable<FileSearchCall> Searches(IEnumerable<RunStep> steps) =>
        steps.SelectMany(s => s.StepDetails.ToolCalls ?? []).Select(c => c.FileSearch).OfType<FileSearchCall>();
}
