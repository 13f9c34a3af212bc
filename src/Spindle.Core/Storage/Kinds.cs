using Spindle.Core.Wire;

namespace Spindle.Core.Storage;

/// <summary>Every stored kind. Messages are tagged with their run id, runs with their status.</summary>
public static class Kinds
{
    private static SpindleJsonContext Json => SpindleJsonContext.Wire;

    public static Kind<Assistant> Assistants { get; } = new("assistants", Json.Assistant, a => a.Id, a => a.CreatedAt);

    public static Kind<AssistantThread> Threads { get; } = new("threads", Json.AssistantThread, t => t.Id, t => t.CreatedAt);

    public static Kind<Message> Messages { get; } = new("messages", Json.Message, m => m.Id, m => m.CreatedAt,
        parent: m => m.ThreadId, scope: m => m.ThreadId, tag: m => m.RunId);

    public static Kind<Run> Runs { get; } = new("runs", Json.Run, r => r.Id, r => r.CreatedAt,
        parent: r => r.ThreadId, scope: r => r.ThreadId, tag: r => r.Status);

    public static Kind<RunStep> Steps { get; } = new("run_steps", Json.RunStep, s => s.Id, s => s.CreatedAt,
        parent: s => s.RunId, scope: s => s.ThreadId, tag: s => s.Status);

    public static Kind<OpenAIFile> Files { get; } = new("files", Json.OpenAIFile, f => f.Id, f => f.CreatedAt, tag: f => f.Purpose);
}
