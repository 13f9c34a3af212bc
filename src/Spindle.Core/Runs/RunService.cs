using Spindle.Core.Errors;
using Spindle.Core.Messages;
using Spindle.Core.Queue;
using Spindle.Core.Storage;
using Spindle.Core.Streaming;
using Spindle.Core.Tenancy;
using Spindle.Core.Threads;
using Spindle.Core.Validation;
using Spindle.Core.VectorStores;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;

namespace Spindle.Core.Runs;

/// <summary>
/// The commands on runs: create, create-and-run, cancel, submit tool outputs, and the reads. After creation only
/// the executor advances a run; this service publishes commands (cancel, resume) and never runs the model.
/// </summary>
public sealed class RunService(
    IObjectStore store,
    ThreadService threads,
    IRunQueue queue,
    IRunEventHub hub,
    RunPublisher publisher,
    ThreadFileSearch fileSearch,
    References references,
    TimeProvider time)
{
    /// <summary>A run may wait this long in total, tool-output pauses included (ASSISTANTS_API.md §4).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public async Task<RunStart> CreateAsync(TenantId tenant, string threadId, CreateRunRequest request, bool stream, string? apiKey, CancellationToken cancellationToken)
    {
        if (request.Thread is not null)
        {
            throw ApiErrors.UnknownParameter("thread");
        }

        if (request.ToolResources is not null)
        {
            throw ApiErrors.UnknownParameter("tool_resources");
        }

        await threads.GetAsync(tenant, threadId, cancellationToken);
        var assistant = await ResolveAssistantAsync(tenant, request.AssistantId, cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var rows = new List<Row>();
        var additional = request.AdditionalMessages ?? [];
        for (var i = 0; i < additional.Count; i++)
        {
            rows.Add(Kinds.Messages.ToRow(MessageService.Build(threadId, additional[i], $"additional_messages[{i}].", now)));
        }

        await references.MessagesAsync(tenant, rows.Select(Kinds.Messages.Read), cancellationToken);
        var run = Build(assistant, threadId, request, assistant.ToolResources, now);
        var runRow = Kinds.Runs.ToRow(run);
        rows.Add(runRow);

        var events = stream ? hub.Subscribe(run.Id) : null;
        try
        {
            // The database keeps one active run per thread (a unique index), whichever node the requests reach.
            await InsertUnlessActiveAsync(tenant, threadId, rows, cancellationToken);

            var added = rows.Where(r => r.Collection == Kinds.Messages.Name).Select(Kinds.Messages.Read).ToList();
            await fileSearch.AttachAsync(tenant, threadId, added, apiKey, cancellationToken);
        }
        catch
        {
            events?.Dispose();
            throw;
        }

        await StartAsync(tenant, new Stored<Run>(run, runRow.Json), apiKey, cancellationToken);
        return new RunStart(run, events);
    }

    public async Task<RunStart> CreateThreadAndRunAsync(TenantId tenant, CreateRunRequest request, bool stream, string? apiKey, CancellationToken cancellationToken)
    {
        if (request.AdditionalMessages is not null)
        {
            throw ApiErrors.UnknownParameter("additional_messages");
        }

        if (request.AdditionalInstructions is not null)
        {
            throw ApiErrors.UnknownParameter("additional_instructions");
        }

        var assistant = await ResolveAssistantAsync(tenant, request.AssistantId, cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var (thread, rows) = ThreadService.Build(request.Thread, "thread.", now);
        var requested = request.ToolResources is null ? null : Check.ToolResources(request.ToolResources);
        await threads.CheckReferencesAsync(tenant, thread, rows, cancellationToken);
        await references.ToolResourcesAsync(tenant, requested, cancellationToken);
        var resources = requested is null
            ? assistant.ToolResources
            : await fileSearch.CreateRequestedStoresAsync(tenant, requested, "tool_resources", apiKey, cancellationToken);
        var run = Build(assistant, thread.Id, request, resources, now);
        var runRow = Kinds.Runs.ToRow(run);
        rows.Add(runRow);

        var events = stream ? hub.Subscribe(run.Id) : null;
        try
        {
            thread = await threads.InsertAsync(tenant, thread, rows, "thread.tool_resources", apiKey, cancellationToken);
        }
        catch
        {
            events?.Dispose();
            throw;
        }

        publisher.Thread(run.Id, thread);
        await StartAsync(tenant, new Stored<Run>(run, runRow.Json), apiKey, cancellationToken);
        return new RunStart(run, events);
    }

    public async Task<Run> GetAsync(TenantId tenant, string threadId, string runId, CancellationToken cancellationToken) =>
        (await GetStoredAsync(tenant, threadId, runId, cancellationToken)).Value;

    /// <summary>The run's row: its JSON is the run on the wire.</summary>
    public Task<Row> GetRowAsync(TenantId tenant, string threadId, string runId, CancellationToken cancellationToken) =>
        threads.GetRowInAsync(tenant, threadId, Kinds.Runs.Name, runId, "run", cancellationToken);

    /// <summary>A page of the thread's runs as stored: each row's JSON is its run on the wire.</summary>
    public async Task<RowPage> ListAsync(TenantId tenant, string threadId, ListParams list, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(tenant, Kinds.Runs.Name, list.ToQuery(threadId), cancellationToken);
        await threads.EnsureListedAsync(tenant, threadId, page.Rows.Count, cancellationToken);
        return page;
    }

    public async Task<Run> ModifyAsync(TenantId tenant, string threadId, string runId, MetadataRequest request, CancellationToken cancellationToken)
    {
        var metadata = Check.Metadata(request.Metadata);
        var run = await GetStoredAsync(tenant, threadId, runId, cancellationToken);
        if (request.Metadata is null)
        {
            return run.Value;
        }

        // Only the metadata changes, over whatever the executor last stored: it keeps this metadata in turn.
        var modified = await store.ChangeAsync(tenant, Kinds.Runs, run, static _ => true, r => r with { Metadata = metadata }, cancellationToken);
        return modified?.Value ?? throw ApiErrors.NotFound("run", runId);
    }

    /// <summary>
    /// Moves any non-terminal run to <c>cancelling</c> and returns it (ASSISTANTS_API.md §8.13); the executor then
    /// closes its open step and message and ends it <c>cancelled</c>.
    /// </summary>
    public async Task<Run> CancelAsync(TenantId tenant, string threadId, string runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stored = await GetStoredAsync(tenant, threadId, runId, cancellationToken);
            var run = stored.Value;
            if (run.Status == RunStatus.Cancelling)
            {
                return run;
            }

            if (RunStatus.IsTerminal(run.Status))
            {
                throw ApiErrors.CannotCancel(run.Status);
            }

            var cancelling = run with { Status = RunStatus.Cancelling };
            if (await store.TryReplaceAsync(tenant, Kinds.Runs, stored, cancelling, cancellationToken) is not { } written)
            {
                continue;
            }

            publisher.Run(written);
            switch (run.Status)
            {
                case RunStatus.InProgress:
                    await queue.InterruptAsync(runId, cancellationToken);
                    break;
                case RunStatus.RequiresAction:
                    // Nothing is executing a paused run, so hand it to the executor to close.
                    await queue.EnqueueAsync(new RunWorkItem(tenant, threadId, runId, null), cancellationToken);
                    break;
            }

            return cancelling;
        }
    }

    /// <summary>Answers every pending function call at once and puts the run back in the queue.</summary>
    public async Task<RunStart> SubmitToolOutputsAsync(TenantId tenant, string threadId, string runId, SubmitToolOutputsRequest request, bool stream, string? apiKey, CancellationToken cancellationToken)
    {
        var stored = await GetStoredAsync(tenant, threadId, runId, cancellationToken);
        var run = stored.Value;
        if (run.Status != RunStatus.RequiresAction || run.RequiredAction is null)
        {
            throw ApiErrors.RunNotAwaitingOutputs(run.Status);
        }

        var outputs = Outputs(request, run.RequiredAction.SubmitToolOutputs.ToolCalls);
        var step = (await store.ListAllAsync(tenant, Kinds.Steps, runId, cancellationToken))
            .LastOrDefault(s => s is { Type: "tool_calls", Status: StepStatus.InProgress })
            ?? throw ApiErrors.RunNotAwaitingOutputs(run.Status);

        var events = stream ? hub.Subscribe(runId) : null;
        var resumed = await store.ChangeAsync(tenant, Kinds.Runs, stored, static r => r.Status == RunStatus.RequiresAction,
            static r => r with { Status = RunStatus.Queued, RequiredAction = null }, cancellationToken);
        if (resumed is null)
        {
            events?.Dispose();
            var current = await GetAsync(tenant, threadId, runId, cancellationToken);
            throw ApiErrors.RunNotAwaitingOutputs(current.Status);
        }

        var completed = step with
        {
            Status = StepStatus.Completed,
            CompletedAt = time.GetUtcNow().ToUnixTimeSeconds(),
            ExpiresAt = null,
            StepDetails = step.StepDetails with
            {
                ToolCalls = step.StepDetails.ToolCalls!
                    .Select(c => c.Function is { } f && outputs.TryGetValue(c.Id, out var output) ? c with { Function = f with { Output = output } } : c)
                    .ToList(),
            },
        };
        await store.UpdateAsync(tenant, Kinds.Steps, completed, cancellationToken);

        // submit_tool_outputs streams start with the closed tool step, then queued: no thread.run.created (§6.3).
        publisher.Step(completed);
        publisher.Run(resumed);
        await queue.EnqueueAsync(new RunWorkItem(tenant, threadId, runId, apiKey) { Run = resumed }, cancellationToken);
        return new RunStart(resumed.Value, events);
    }

    /// <summary>The only value <c>include[]</c> takes on run steps (ASSISTANTS_API.md §2.4).</summary>
    public const string FileSearchContent = "step_details.tool_calls[*].file_search.results[*].content";

    public async Task<ListResponse<RunStep>> ListStepsAsync(TenantId tenant, string threadId, string runId, ListParams list, IReadOnlyList<string> include, CancellationToken cancellationToken)
    {
        var withContent = IncludesContent(include);
        await GetAsync(tenant, threadId, runId, cancellationToken);
        var page = await store.ListAsync(tenant, Kinds.Steps, list.ToQuery(runId), s => s.Id, cancellationToken);
        return withContent ? page : page with { Data = page.Data.Select(WithoutContent).ToList() };
    }

    public async Task<RunStep> GetStepAsync(TenantId tenant, string threadId, string runId, string stepId, IReadOnlyList<string> include, CancellationToken cancellationToken)
    {
        var withContent = IncludesContent(include);
        await GetAsync(tenant, threadId, runId, cancellationToken);
        var step = await store.GetAsync(tenant, Kinds.Steps, stepId, cancellationToken);
        return step is not null && step.RunId == runId
            ? withContent ? step : WithoutContent(step)
            : throw ApiErrors.NotFound("run step", stepId);
    }

    /// <summary>Run streams and reads leave file-search result content out unless it was asked for.</summary>
    public static RunStep WithoutContent(RunStep step) =>
        step.StepDetails.ToolCalls?.Any(c => c.FileSearch is not null) == true
            ? step with
            {
                StepDetails = step.StepDetails with
                {
                    ToolCalls = step.StepDetails.ToolCalls
                        .Select(c => c.FileSearch is { } f ? c with { FileSearch = f with { Results = f.Results.Select(r => r with { Content = null }).ToList() } } : c)
                        .ToList(),
                },
            }
            : step;

    /// <summary>Whether <c>include[]</c> asks for file-search result content; any other value is a 400.</summary>
    public static bool IncludesContent(IReadOnlyList<string> include) =>
        include.Count switch
        {
            0 => false,
            _ when include.All(i => i == FileSearchContent) => true,
            _ => throw ApiErrors.InvalidValue("include", $"Invalid value for 'include': the only supported value is '{FileSearchContent}'."),
        };

    private async Task<Stored<Run>> GetStoredAsync(TenantId tenant, string threadId, string runId, CancellationToken cancellationToken)
    {
        var row = await GetRowAsync(tenant, threadId, runId, cancellationToken);
        return new Stored<Run>(Kinds.Runs.Read(row), row.Json);
    }

    private async Task StartAsync(TenantId tenant, Stored<Run> run, string? apiKey, CancellationToken cancellationToken)
    {
        publisher.Run(run, RunEventNames.RunCreated, RunEventNames.RunQueued);
        await queue.EnqueueAsync(new RunWorkItem(tenant, run.Value.ThreadId, run.Value.Id, apiKey) { Run = run }, cancellationToken);
    }

    private async Task InsertUnlessActiveAsync(TenantId tenant, string threadId, List<Row> rows, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await store.InsertAsync(tenant, rows, cancellationToken);
                return;
            }
            catch (RowConflictException)
            {
                // When the run in the way ended between the insert and this look, the insert is tried again.
                if (await threads.FindActiveRunAsync(tenant, threadId, cancellationToken) is { } active)
                {
                    throw ApiErrors.ActiveRun(threadId, active.Id);
                }
            }
        }
    }

    private async Task<Assistant> ResolveAssistantAsync(TenantId tenant, string? assistantId, CancellationToken cancellationToken) =>
        await store.GetAsync(tenant, Kinds.Assistants, Check.Required(assistantId, "assistant_id"), cancellationToken)
        ?? throw ApiErrors.NotFound("assistant", assistantId!);

    private static Dictionary<string, string> Outputs(SubmitToolOutputsRequest request, IReadOnlyList<RequiredToolCall> pending)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var expected = pending.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var list = request.ToolOutputs ?? throw ApiErrors.MissingParameter("tool_outputs");
        for (var i = 0; i < list.Count; i++)
        {
            var id = Check.Required(list[i]?.ToolCallId, $"tool_outputs[{i}].tool_call_id");
            if (!expected.Contains(id))
            {
                throw ApiErrors.UnknownToolCall(id);
            }

            if (!outputs.TryAdd(id, list[i].Output ?? ""))
            {
                throw ApiErrors.InvalidValue($"tool_outputs[{i}].tool_call_id", $"Duplicate tool output for call_id '{id}'.");
            }
        }

        var missing = pending.Select(c => c.Id).Where(id => !outputs.ContainsKey(id)).ToList();
        return missing.Count > 0 ? throw ApiErrors.MissingToolOutputs(missing) : outputs;
    }

    private static Run Build(Assistant assistant, string threadId, CreateRunRequest request, ToolResources resources, long now)
    {
        Check.MaxLength(request.Instructions, 256_000, "instructions");
        Check.Range(request.Temperature, 0, 2, "temperature");
        Check.Range(request.TopP, 0, 1, "top_p");
        Check.AtLeast(request.MaxPromptTokens, 256, "max_prompt_tokens");
        Check.AtLeast(request.MaxCompletionTokens, 256, "max_completion_tokens");
        var instructions = request.Instructions ?? assistant.Instructions;
        if (request.AdditionalInstructions is { Length: > 0 } extra)
        {
            instructions = instructions is null ? extra : $"{instructions}\n\n{extra}";
        }

        return new Run
        {
            Id = Ids.New(Ids.Run),
            CreatedAt = now,
            AssistantId = assistant.Id,
            ThreadId = threadId,
            Status = RunStatus.Queued,
            ExpiresAt = now + (long)Lifetime.TotalSeconds,
            Model = request.Model is { Length: > 0 } model ? model : assistant.Model,
            Instructions = instructions,
            Tools = request.Tools is null ? assistant.Tools : Check.Tools(request.Tools, 20),
            ToolResources = resources,
            Metadata = Check.Metadata(request.Metadata),
            Temperature = request.Temperature ?? assistant.Temperature,
            TopP = request.TopP ?? assistant.TopP,
            MaxPromptTokens = request.MaxPromptTokens,
            MaxCompletionTokens = request.MaxCompletionTokens,
            TruncationStrategy = Check.Truncation(request.TruncationStrategy),
            ToolChoice = Check.ToolChoice(request.ToolChoice) ?? WireDefaults.Auto,
            ParallelToolCalls = request.ParallelToolCalls ?? true,
            ResponseFormat = Check.ResponseFormat(request.ResponseFormat) ?? assistant.ResponseFormat,
            ReasoningEffort = Check.ReasoningEffort(request.ReasoningEffort) ?? assistant.ReasoningEffort,
        };
    }
}
