using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spindle.Core.Queue;
using Spindle.Core.Retrieval;
using Spindle.Core.Storage;
using Spindle.Core.Telemetry;
using Spindle.Core.Tenancy;
using Spindle.Core.Upstream;
using Spindle.Core.VectorStores;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>
/// Advances runs; the only writer of a run's state after creation (apart from the cancel request's
/// compare-and-set to <c>cancelling</c>).
/// </summary>
/// <remarks>
/// The lifecycle of one work item (ASSISTANTS_API.md §5):
/// 1. Load the run. <c>cancelling</c>: end it <c>cancelled</c>. <c>in_progress</c> (its process stopped mid-turn):
///    end it <c>failed</c>. Anything but <c>queued</c>: nothing to do.
/// 2. <c>queued</c> → <c>in_progress</c> (<c>started_at</c> is kept when a run resumes after tool outputs).
/// 3. Build the prompt; when it cannot fit <c>max_prompt_tokens</c>, end <c>incomplete</c>.
/// 4. Stream one model turn (<see cref="ModelTurn"/>): text goes out as message deltas, tool-call pieces as step deltas.
/// 5. Function calls: <c>requires_action</c>, the tool step stays open and the expiry clock runs. Text: message,
///    step and run completed, with usage. Cut by the token limit: message and run <c>incomplete</c>.
/// 6. Upstream failure: <c>failed</c> with <c>last_error</c>. Cancel signal: <c>cancelled</c>. Both close the open
///    step and message (<see cref="RunFinalizer"/>).
/// Every run and message write is a compare-and-set on the JSON the executor last stored or read: when a cancel or a
/// user's new metadata got in between, the executor reads the row again and goes on from it only if the status still
/// allows, so a cancel is never overwritten and metadata set mid-run is kept.
/// </remarks>
public sealed partial class RunExecutor(
    IObjectStore store,
    IModelClient model,
    PromptBuilder prompts,
    TokenCounter tokens,
    RunPublisher publisher,
    RunFinalizer finalizer,
    RunSignals signals,
    RunExpiry expiry,
    TimeProvider time,
    IOptions<RunOptions> options,
    ILogger<RunExecutor> logger,
    CodeInterpreterTool? codeInterpreter = null,
    VectorStoreSearch? fileSearch = null)
{
    /// <summary>Model turns one execution may take before the run fails: built-in tool calls loop back to the model.</summary>
    private const int MaxTurns = 16;

    /// <returns>False when this process was already executing the run, which that execution goes on with.</returns>
    public async Task<bool> ExecuteAsync(RunWorkItem item, CancellationToken stoppingToken)
    {
        using var signal = signals.TryRegister(item.RunId, stoppingToken);
        if (signal is null)
        {
            return false;
        }

        using var activity = SpindleTelemetry.StartRun(item.RunId, item.ThreadId);
        using var logScope = logger.BeginScope(new KeyValuePair<string, object>[] { new("RunId", item.RunId), new("ThreadId", item.ThreadId) });
        var tenant = item.Tenant;
        try
        {
            // A run handed over by the request that stored it starts in one write, which brings back the first page of the
            // thread's messages for the prompt; only a refused write reads the run back.
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            var (started, hasSteps, messages) = item.Run is { Value.Status: RunStatus.Queued } handed && !(handed.Value.ExpiresAt <= now)
                ? await StartHandedAsync(tenant, handed, now, stoppingToken)
                : (null, false, null);
            if (started is null)
            {
                (started, hasSteps) = await ReadAndStartAsync(item, now, stoppingToken);
                if (started is null)
                {
                    return true;
                }
            }

            publisher.Run(started);
            Log.RunStarted(logger, started.Value.Id, started.Value.Model);
            await RunTurnAsync(tenant, started, hasSteps, messages, item.ApiKey, signal.Token, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the run stays as stored; start-up recovery picks it up.
        }
        catch (Exception e)
        {
            Log.RunCrashed(logger, item.RunId, e);
            await finalizer.EndAsync(tenant, item.RunId, RunEnding.Failed("server_error", "The server had an error while processing the run."), CancellationToken.None);
        }

        return true;
    }

    private async Task<(Stored<Run>? Started, bool HasSteps, RowPage? Messages)> StartHandedAsync(TenantId tenant, Stored<Run> handed, long now, CancellationToken stoppingToken)
    {
        var started = Start(handed.Value, now);
        var row = Kinds.Runs.ToRow(started);
        var messages = await store.UpdateThenListAsync(tenant, row, handed.Json, Kinds.Messages.Name, ObjectStoreExtensions.EveryRow(started.ThreadId), stoppingToken);
        return messages is null ? (null, false, null) : (new Stored<Run>(started, row.Json), HasSteps(handed.Value), messages);
    }

    private static Run Start(Run run, long now) => run with { Status = RunStatus.InProgress, StartedAt = run.StartedAt ?? now };

    // Steps are written only while a run executes, so one that never started has none to read back.
    private static bool HasSteps(Run run) => run.StartedAt is not null;

    /// <summary>
    /// Reads the run and starts it if it is queued; otherwise ends it as its status says. Null when there is nothing
    /// (more) to execute.
    /// </summary>
    private async Task<(Stored<Run>? Started, bool HasSteps)> ReadAndStartAsync(RunWorkItem item, long now, CancellationToken stoppingToken)
    {
        var tenant = item.Tenant;
        var stored = await store.GetStoredAsync(tenant, Kinds.Runs, item.RunId, stoppingToken);
        switch (stored?.Value.Status)
        {
            case RunStatus.Cancelling:
                await finalizer.EndAsync(tenant, item.RunId, RunEnding.Cancelled, stoppingToken);
                return (null, false);
            case RunStatus.InProgress:
                // Only a run whose process stopped mid-turn reaches an executor in progress (start-up recovery, or
                // another node's lease that ran out): the upstream call it was in is gone.
                await finalizer.EndAsync(tenant, item.RunId, RunEnding.Failed("server_error", "The server restarted while the run was in progress."), stoppingToken);
                return (null, false);
        }

        if (stored is not { Value.Status: RunStatus.Queued })
        {
            return (null, false);
        }

        if (stored.Value.ExpiresAt <= now)
        {
            // A run waited in the queue past its ten minutes (§5.1: any non-terminal state can expire).
            await finalizer.EndAsync(tenant, item.RunId, RunEnding.Expired, stoppingToken);
            return (null, false);
        }

        var started = await TransitionAsync(tenant, stored, RunStatus.Queued, r => Start(r, now), stoppingToken);
        if (started is null)
        {
            await finalizer.EndAsync(tenant, item.RunId, RunEnding.Cancelled, stoppingToken);
        }

        return (started, HasSteps(stored.Value));
    }

    private async Task RunTurnAsync(TenantId tenant, Stored<Run> stored, bool hasSteps, RowPage? messagesRead, string? apiKey, CancellationToken runToken, CancellationToken stoppingToken)
    {
        var run = stored.Value;
        var work = new RunWork { ApiKey = apiKey };
        for (var turnNumber = 1; ; turnNumber++)
        {
            if (turnNumber > MaxTurns)
            {
                await finalizer.EndAsync(tenant, run.Id, RunEnding.Failed("server_error", $"The model called tools {MaxTurns} times in a row without answering."), stoppingToken);
                return;
            }

            var prompt = await prompts.BuildAsync(tenant, run, hasSteps || turnNumber > 1, messagesRead, stoppingToken);
            messagesRead = null;
            var used = RunFinalizer.SumUsage(prompt.Steps)?.CompletionTokens ?? 0;
            if (!prompt.Fits)
            {
                await EndIncompleteAsync(tenant, stored, "max_prompt_tokens", stoppingToken);
                return;
            }

            var remaining = run.MaxCompletionTokens - used;
            if (remaining <= 0)
            {
                await EndIncompleteAsync(tenant, stored, "max_completion_tokens", stoppingToken);
                return;
            }

            var turn = new ModelTurn(store, publisher, time, tenant, run, work.ImagesToShow, FileSearchSources.Markers(prompt.Steps), work.WrittenFiles);
            try
            {
                await StreamAsync(turn, ModelRequests.For(run, prompt, remaining, apiKey), runToken);
                if (turn.ShowedImages)
                {
                    work.ImagesToShow.Clear();
                }

                if (turn.CalledTools)
                {
                    await RunBuiltInToolsAsync(tenant, run, turn, work, runToken);
                }
            }
            catch (OperationCanceledException) when (runToken.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                await turn.SaveOpenWorkAsync(stoppingToken);
                await finalizer.EndAsync(tenant, run.Id, RunEnding.Cancelled, stoppingToken);
                Log.RunCancelled(logger, run.Id);
                return;
            }
            catch (ModelException e)
            {
                Log.RunFailed(logger, run.Id, e.Code, e);
                await turn.SaveOpenWorkAsync(stoppingToken);
                await finalizer.EndAsync(tenant, run.Id, RunEnding.Failed(e.Code, e.Message), stoppingToken);
                return;
            }

            var usage = turn.Usage is { } u ? Usage.Of(u.PromptTokens, u.CompletionTokens) : Usage.Of(prompt.Tokens, tokens.Count(turn.Produced));
            if (turn.CalledTools)
            {
                var calls = await turn.SaveToolStepAsync(usage, stoppingToken);
                if (calls.Count == 0)
                {
                    continue;
                }

                var action = new RequiredAction("submit_tool_outputs", new SubmitToolOutputsAction(calls));
                var paused = await TransitionAsync(tenant, stored, RunStatus.InProgress, r => r with { Status = RunStatus.RequiresAction, RequiredAction = action }, stoppingToken);
                if (paused is null)
                {
                    await finalizer.EndAsync(tenant, run.Id, RunEnding.Cancelled, stoppingToken);
                    return;
                }

                publisher.Run(paused);
                expiry.Schedule(tenant, paused.Value);
                return;
            }

            await CompleteAsync(tenant, stored, turn, usage, prompt.Steps, stoppingToken);
            return;
        }
    }

    private async Task RunBuiltInToolsAsync(TenantId tenant, Run run, ModelTurn turn, RunWork work, CancellationToken runToken)
    {
        foreach (var call in turn.Calls.Where(c => c.Type == BuiltInTools.FileSearch))
        {
            using var activity = SpindleTelemetry.StartTool(BuiltInTools.FileSearch);
            var search = fileSearch ?? throw new ModelException("server_error", "File search is not available on this server.");
            var (max, ranking) = BuiltInTools.FileSearchSettings(run);
            var stores = await VectorStoreIdsAsync(tenant, run, runToken);
            var hits = stores.Count == 0 ? [] : await search.SearchAsync(tenant, stores, call.Query, new SearchOptions(max, ranking.ScoreThreshold ?? 0), work.ApiKey, runToken);
            call.FileSearch = new FileSearchCall(ranking, hits.Select(h => new FileSearchResult
            {
                FileId = h.Chunk.FileId,
                FileName = h.Chunk.FileName,
                Score = Math.Round(h.Score, 6),
                Content = [new FileSearchResultContent("text", h.Chunk.Text)],
            }).ToList());
        }

        foreach (var call in turn.Calls.Where(c => c.Type == BuiltInTools.CodeInterpreter))
        {
            using var activity = SpindleTelemetry.StartTool(BuiltInTools.CodeInterpreter);
            var tool = codeInterpreter ?? throw new ModelException("server_error", "The code interpreter is not available on this server.");
            var result = await tool.RunAsync(tenant, run, call.Input, !work.PlacedInputs, runToken);
            work.PlacedInputs = true;
            work.WrittenFiles.AddRange(result.WrittenFiles);
            work.ImagesToShow.AddRange(result.Outputs.Where(o => o.Image is not null).Select(o => o.Image!.FileId));
            turn.AddOutputs(call, result.Outputs);
        }
    }

    /// <summary>The vector stores a run searches: the assistant's (copied to the run) and the thread's.</summary>
    private async Task<List<string>> VectorStoreIdsAsync(TenantId tenant, Run run, CancellationToken cancellationToken)
    {
        var ids = new List<string>(run.ToolResources.FileSearch?.VectorStoreIds ?? []);
        if (await store.GetAsync(tenant, Kinds.Threads, run.ThreadId, cancellationToken) is { } thread)
        {
            ids.AddRange(thread.ToolResources.FileSearch?.VectorStoreIds ?? []);
        }

        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    // The message, its step and the run end in one write: one commit where three used to queue behind other runs'.
    // The run's usage sums its steps: those its prompt was built from and the one this turn closes.
    private async Task CompleteAsync(TenantId tenant, Stored<Run> run, ModelTurn turn, Usage usage, IReadOnlyList<RunStep> earlierSteps, CancellationToken stoppingToken)
    {
        var cut = turn.FinishReason == "length";
        var closed = turn.CloseMessage(usage, cut);
        var total = RunFinalizer.SumUsage(closed is null ? earlierSteps : [.. earlierSteps, closed.Step]);
        Run End(Run r) => cut
            ? r with { Status = RunStatus.Incomplete, IncompleteDetails = new IncompleteDetails("max_completion_tokens"), ExpiresAt = null, Usage = total }
            : r with { Status = RunStatus.Completed, CompletedAt = time.GetUtcNow().ToUnixTimeSeconds(), ExpiresAt = null, Usage = total };
        var ended = End(run.Value);
        var endedRow = Kinds.Runs.ToRow(ended);
        if (await store.UpdateAllAsync(tenant, [.. closed?.Updates ?? [], new RowUpdate(endedRow, run.Json)], stoppingToken))
        {
            if (closed is not null)
            {
                turn.Publish(closed);
            }

            publisher.Run(new Stored<Run>(ended, endedRow.Json));
            return;
        }

        // Refused: the run was cancelled meanwhile, or the run or its message took new metadata. The answer is kept as it
        // was said, then the run ends as it would have, unless it is no longer in progress: then it ends cancelled.
        if (closed is not null)
        {
            await turn.SaveAsync(closed, stoppingToken);
        }

        if (await TransitionAsync(tenant, run, RunStatus.InProgress, End, stoppingToken) is { } done)
        {
            publisher.Run(done);
            return;
        }

        await finalizer.EndAsync(tenant, run.Value.Id, RunEnding.Cancelled, stoppingToken);
    }

    private async Task StreamAsync(ModelTurn turn, ModelRequest request, CancellationToken runToken)
    {
        var idleLimit = TimeSpan.FromSeconds(options.Value.UpstreamIdleTimeoutSeconds);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        using var activity = SpindleTelemetry.Source.StartActivity("model_turn");
        var started = Stopwatch.GetTimestamp();
        var firstToken = true;
        idle.CancelAfter(idleLimit);
        try
        {
            await foreach (var update in model.StreamAsync(request, idle.Token))
            {
                idle.CancelAfter(idleLimit);
                if (firstToken && update is ModelUpdate.TextDelta or ModelUpdate.ToolCallDelta)
                {
                    firstToken = false;
                    SpindleTelemetry.TimeToFirstToken.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(SpindleTelemetry.ModelTag, request.Model));
                }

                await turn.ApplyAsync(update, runToken);
            }
        }
        catch (OperationCanceledException) when (!runToken.IsCancellationRequested)
        {
            throw new ModelException("server_error", "The model stopped responding.");
        }
    }

    private async Task EndIncompleteAsync(TenantId tenant, Stored<Run> run, string reason, CancellationToken cancellationToken)
    {
        var usage = RunFinalizer.SumUsage(await store.ListAllAsync(tenant, Kinds.Steps, run.Value.Id, cancellationToken));
        var ended = await TransitionAsync(tenant, run, RunStatus.InProgress,
            r => r with { Status = RunStatus.Incomplete, IncompleteDetails = new IncompleteDetails(reason), ExpiresAt = null, Usage = usage }, cancellationToken);
        if (ended is null)
        {
            await finalizer.EndAsync(tenant, run.Value.Id, RunEnding.Cancelled, cancellationToken);
            return;
        }

        publisher.Run(ended);
    }

    /// <summary>Applies <paramref name="change"/> to the stored run while it is still in <paramref name="expected"/>; null otherwise.</summary>
    private Task<Stored<Run>?> TransitionAsync(TenantId tenant, Stored<Run> run, string expected, Func<Run, Run> change, CancellationToken cancellationToken) =>
        store.ChangeAsync(tenant, Kinds.Runs, run, r => r.Status == expected, change, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.RunStarted, Level = LogLevel.Debug, Message = "Run {RunId} started on model {Model}")]
        public static partial void RunStarted(ILogger logger, string runId, string model);

        [LoggerMessage(EventId = LogEvents.RunFailed, Level = LogLevel.Warning, Message = "Run {RunId} failed: {Code}")]
        public static partial void RunFailed(ILogger logger, string runId, string code, Exception exception);

        [LoggerMessage(EventId = LogEvents.RunCrashed, Level = LogLevel.Error, Message = "Run {RunId} failed with an unexpected error")]
        public static partial void RunCrashed(ILogger logger, string runId, Exception exception);

        [LoggerMessage(EventId = LogEvents.RunCancelled, Level = LogLevel.Debug, Message = "Run {RunId} cancelled")]
        public static partial void RunCancelled(ILogger logger, string runId);
    }
}
