namespace Spindle.Core.Wire;

/// <summary>The <c>file_counts</c> of a vector store or a file batch (ASSISTANTS_API.md §3.2).</summary>
public sealed record FileCounts(int InProgress, int Completed, int Failed, int Cancelled, int Total)
{
    public static FileCounts Empty { get; } = new(0, 0, 0, 0, 0);
}
