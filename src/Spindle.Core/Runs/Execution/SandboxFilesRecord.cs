namespace Spindle.Core.Runs.Execution;

/// <summary>
/// The files a thread's code wrote to <c>/mnt/data</c>, by name, each kept as an <c>assistants_output</c> file: what
/// puts them back when the thread's next code call runs where its session is not (another node, or after a restart).
/// </summary>
public sealed record SandboxFilesRecord(string ThreadId, long CreatedAt, IReadOnlyDictionary<string, string> Files);
