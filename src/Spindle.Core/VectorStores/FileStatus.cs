using Spindle.Core.Wire;

namespace Spindle.Core.VectorStores;

/// <summary>The statuses of a vector-store file, and the counts a store or batch derives from them.</summary>
public static class FileStatus
{
    public const string InProgress = "in_progress", Completed = "completed", Failed = "failed", Cancelled = "cancelled";

    public static bool IsValid(string? status) => status is InProgress or Completed or Failed or Cancelled;

    public static FileCounts Count(IEnumerable<VectorStoreFile> files)
    {
        int inProgress = 0, completed = 0, failed = 0, cancelled = 0, total = 0;
        foreach (var file in files)
        {
            total++;
            switch (file.Status)
            {
                case InProgress: inProgress++; break;
                case Completed: completed++; break;
                case Failed: failed++; break;
                case Cancelled: cancelled++; break;
            }
        }

        return new FileCounts(inProgress, completed, failed, cancelled, total);
    }
}
