using Spindle.Core.Files;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Tools;
using Spindle.Core.Upstream;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>
/// Runs a <c>code_interpreter</c> call in the thread's sandbox session: the run's and thread's
/// <c>tool_resources.code_interpreter.file_ids</c> and the code-interpreter attachments of the thread's messages
/// are placed in <c>/mnt/data</c>; what the code prints comes back as <c>logs</c>, images it makes as <c>image</c>
/// outputs (files with purpose <c>assistants_output</c>), other files it writes as files to link.
/// </summary>
public sealed class CodeInterpreterTool(ICodeSandbox sandbox, FileService files, IObjectStore store)
{
    public async Task<CodeRunResult> RunAsync(TenantId tenant, Run run, string code, bool placeInputs, CancellationToken cancellationToken)
    {
        var inputs = placeInputs ? await InputFilesAsync(tenant, run, cancellationToken) : [];
        CodeExecution execution;
        try
        {
            execution = await sandbox.ExecuteAsync(run.ThreadId, code, inputs, cancellationToken);
        }
        catch (SandboxUnavailableException e)
        {
            throw new ModelException("server_error", $"The code interpreter is not available on this server: {e.Message}");
        }

        var outputs = new List<CodeInterpreterOutput>();
        var logs = execution.Status == CodeExecutionStatus.TimedOut || execution.Status == CodeExecutionStatus.Crashed
            ? $"{execution.Logs}{(execution.Logs.EndsWith('\n') || execution.Logs.Length == 0 ? "" : "\n")}{execution.Error}"
            : execution.Logs;
        if (logs.Length > 0)
        {
            outputs.Add(new CodeInterpreterOutput { Type = "logs", Logs = logs });
        }

        var written = new List<OpenAIFile>();
        foreach (var output in execution.OutputFiles)
        {
            var file = await files.CreateOutputAsync(tenant, output.Name, output.Content, cancellationToken);
            if (output.IsImage)
            {
                outputs.Add(new CodeInterpreterOutput { Type = "image", Image = new FileReference(file.Id) });
            }
            else
            {
                written.Add(file);
            }
        }

        return new CodeRunResult(outputs, written);
    }

    /// <summary>What the model reads back from a call: the logs, and a note for each image the user was shown.</summary>
    public static string ResultForModel(IReadOnlyList<CodeInterpreterOutput> outputs) =>
        outputs.Count == 0
            ? "(the code ran and printed nothing)"
            : string.Join("\n", outputs.Select(o => o.Type == "image" ? $"[an image was shown to the user: {o.Image!.FileId}]" : o.Logs));

    private async Task<List<SandboxFile>> InputFilesAsync(TenantId tenant, Run run, CancellationToken cancellationToken)
    {
        var ids = new List<string>(run.ToolResources.CodeInterpreter?.FileIds ?? []);
        if (await store.GetAsync(tenant, Kinds.Threads, run.ThreadId, cancellationToken) is { } thread)
        {
            ids.AddRange(thread.ToolResources.CodeInterpreter?.FileIds ?? []);
        }

        var messages = await store.ListAllAsync(tenant, Kinds.Messages, run.ThreadId, m => m.Id, cancellationToken);
        ids.AddRange(messages.SelectMany(m => m.Attachments)
            .Where(a => a.FileId is not null && a.Tools.Any(t => t.Type == BuiltInTools.CodeInterpreter))
            .Select(a => a.FileId!));

        var inputs = new Dictionary<string, SandboxFile>(StringComparer.Ordinal);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            var (file, content) = await files.ReadAllAsync(tenant, id, cancellationToken);
            var name = Path.GetFileName(file.Filename) is { Length: > 0 } n && n is not ("." or "..") ? n : file.Id;
            inputs[name] = new SandboxFile(name, content);
        }

        return [.. inputs.Values];
    }
}
