using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>What one execution of a run carries from turn to turn.</summary>
internal sealed class RunWork
{
    /// <summary>Whether the run's code-interpreter files were placed in the sandbox yet.</summary>
    public bool PlacedInputs { get; set; }

    /// <summary>The caller's upstream key under bring-your-own-key, for embedding search queries too.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Images the code made that the next message shows as <c>image_file</c> parts.</summary>
    public List<string> ImagesToShow { get; } = [];

    /// <summary>Other files the code wrote, which the answer may link as <c>sandbox:/mnt/data/…</c>.</summary>
    public List<OpenAIFile> WrittenFiles { get; } = [];
}
