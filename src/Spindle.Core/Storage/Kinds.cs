using Spindle.Core.Runs.Execution;
using Spindle.Core.VectorStores;
using Spindle.Core.Wire;

namespace Spindle.Core.Storage;

/// <summary>Every stored kind. Messages are tagged with their run id, runs with their status.</summary>
public static class Kinds
{
    // The generated context's type info: WireJson writes rows with it on the fast path (the same bytes as Wire's).
    private static SpindleJsonContext Json => SpindleJsonContext.Default;

    public static Kind<Assistant> Assistants { get; } = new("assistants", static () => Json.Assistant, a => a.Id, a => a.CreatedAt);

    public static Kind<AssistantThread> Threads { get; } = new("threads", static () => Json.AssistantThread, t => t.Id, t => t.CreatedAt);

    public static Kind<Message> Messages { get; } = new("messages", static () => Json.Message, m => m.Id, m => m.CreatedAt,
        parent: m => m.ThreadId, scope: m => m.ThreadId, tag: m => m.RunId);

    public static Kind<Run> Runs { get; } = new("runs", static () => Json.Run, r => r.Id, r => r.CreatedAt,
        parent: r => r.ThreadId, scope: r => r.ThreadId, tag: r => r.Status);

    public static Kind<RunStep> Steps { get; } = new("run_steps", static () => Json.RunStep, s => s.Id, s => s.CreatedAt,
        parent: s => s.RunId, scope: s => s.ThreadId, tag: s => s.Status);

    public static Kind<OpenAIFile> Files { get; } = new("files", static () => Json.OpenAIFile, f => f.Id, f => f.CreatedAt, tag: f => f.Purpose);

    public static Kind<VectorStore> VectorStores { get; } = new("vector_stores", static () => Json.VectorStore, v => v.Id, v => v.CreatedAt);

    // A file can sit in several stores under its own id, and ids are unique per collection, so the row id pairs both.
    // Deleting a store (the scope) removes its files and batches; the tag is the file's status, for `filter`.
    public static Kind<VectorStoreFile> VectorStoreFiles { get; } = new("vector_store_files", static () => Json.VectorStoreFile,
        f => VectorStoreFileRowId(f.VectorStoreId, f.Id), f => f.CreatedAt, parent: f => f.VectorStoreId, scope: f => f.VectorStoreId, tag: f => f.Status);

    public static Kind<FileBatchRecord> FileBatches { get; } = new("vector_store_file_batches", static () => Json.FileBatchRecord, b => b.Id, b => b.CreatedAt,
        parent: b => b.VectorStoreId, scope: b => b.VectorStoreId);

    /// <summary>One per thread whose code wrote files; deleted with the thread.</summary>
    public static Kind<SandboxFilesRecord> SandboxFiles { get; } = new("code_interpreter_files", static () => Json.SandboxFilesRecord, r => r.ThreadId, r => r.CreatedAt,
        parent: r => r.ThreadId, scope: r => r.ThreadId);

    public static string VectorStoreFileRowId(string vectorStoreId, string fileId) => vectorStoreId + ":" + fileId;
}
