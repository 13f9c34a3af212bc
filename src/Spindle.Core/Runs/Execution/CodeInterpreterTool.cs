using Spindle.Core.Errors;
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
        // A session that is not here (the run moved to another node, or this node restarted) gets the thread's
        // inputs and the files its code wrote before; the interpreter's variables do not come back.
        var fresh = !sandbox.HasSession(run.ThreadId);
        var inputs = placeInputs || fresh ? await InputFilesAsync(tenant, run, cancellationToken) : [];
        var written = await store.GetAsync(tenant, Kinds.SandboxFiles, run.ThreadId, cancellationToken);
        if (fresh && written is not null)
        {
            inputs = [.. inputs.Where(i => !written.Files.ContainsKey(i.Name)), .. await WrittenFilesAsync(tenant, written, cancellationToken)];
        }

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

        var links = new List<OpenAIFile>();
        var kept = new Dictionary<string, string>(written?.Files ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var output in execution.OutputFiles)
        {
            var file = await files.CreateOutputAsync(tenant, output.Name, output.Content, cancellationToken);
            kept[output.Name] = file.Id;
            if (output.IsImage)
            {
                outputs.Add(new CodeInterpreterOutput { Type = "image", Image = new FileReference(file.Id) });
            }
            else
            {
                links.Add(file);
            }
        }

        if (execution.OutputFiles.Count > 0)
        {
            await KeepWrittenAsync(tenant, written, new SandboxFilesRecord(run.ThreadId, written?.CreatedAt ?? run.CreatedAt, kept), cancellationToken);
        }

        return new CodeRunResult(outputs, links);
    }

    /// <summary>What the model reads back from a call: the logs, and a note for each image the user was shown.</summary>
    public static string ResultForModel(IReadOnlyList<CodeInterpreterOutput> outputs) =>
        outputs.Count == 0
            ? "(the code ran and printed nothing)"
            : string.Join("\n", outputs.Select(o => o.Type == "image" ? $"[an image was shown to the user: {o.Image!.FileId}]" : o.Logs));

    private async Task KeepWrittenAsync(TenantId tenant, SandboxFilesRecord? before, SandboxFilesRecord now, CancellationToken cancellationToken)
    {
        if (before is null)
        {
            await store.InsertAsync(tenant, Kinds.SandboxFiles, now, cancellationToken);
        }
        else
        {
            await store.UpdateAsync(tenant, Kinds.SandboxFiles, now, cancellationToken);
        }
    }

    // Files in sub-folders of /mnt/data stay behind: a session's input files are plain names.
    private async Task<List<SandboxFile>> WrittenFilesAsync(TenantId tenant, SandboxFilesRecord written, CancellationToken cancellationToken)
    {
        var restored = new List<SandboxFile>();
        foreach (var (name, fileId) in written.Files.Where(f => !f.Key.Contains('/', StringComparison.Ordinal)))
        {
            try
            {
                var (_, content) = await files.ReadAllAsync(tenant, fileId, cancellationToken);
                restored.Add(new SandboxFile(name, content));
            }
            catch (ApiException e) when (e.Status == 404)
            {
                // The output file was deleted through the Files API: the code finds it gone.
            }
        }

        return restored;
    }

    private async Task<List<SandboxFile>> InputFilesAsync(TenantId tenant, Run run, CancellationToken cancellationToken)
    {
        var ids = new List<string>(run.ToolResources.CodeInterpreter?.FileIds ?? []);
        if (await store.GetAsync(tenant, Kinds.Threads, run.ThreadId, cancellationToken) is { } thread)
        {
            ids.AddRange(thread.ToolResources.CodeInterpreter?.FileIds ?? []);
        }

        var messages = await store.ListAllAsync(tenant, Kinds.Messages, run.ThreadId, cancellationToken);
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
