namespace Spindle.Core.VectorStores;

/// <summary>
/// A file batch as stored: which files it attached and whether it was cancelled. Its <c>file_counts</c> and
/// <c>status</c> are derived from those files on every read, so they can never drift from the files themselves.
/// </summary>
public sealed record FileBatchRecord(string Id, string VectorStoreId, long CreatedAt, IReadOnlyList<string> FileIds, bool Cancelled = false);
