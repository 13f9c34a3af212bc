using System.Text;
using Spindle.Core.Storage;
using Spindle.Core.Streaming;
using Spindle.Core.Tenancy;
using Spindle.Core.Upstream;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>
/// The state of one streamed model turn: the message and step it has opened and what it has said so far.
/// Text opens a <c>message_creation</c> step and its message; tool-call pieces close that message and open a
/// <c>tool_calls</c> step. One step and one message are open at a time, and deltas go out as they arrive
/// (ASSISTANTS_API.md §6.3, §7.3 O2).
/// </summary>
internal sealed class ModelTurn(IObjectStore store, RunPublisher publisher, TimeProvider time, TenantId tenant, Run run)
{
    private readonly StringBuilder _text = new();
    private readonly List<PendingCall> _calls = [];
    private Message? _message;
    private RunStep? _messageStep;
    private RunStep? _toolStep;

    public string? FinishReason { get; private set; }

    public ModelUsage? Usage { get; private set; }

    public bool CalledTools => _toolStep is not null;

    /// <summary>Everything the model produced, for counting completion tokens when the upstream reports none.</summary>
    public string Produced => _text.ToString() + string.Concat(_calls.Select(c => $"{c.Name}{c.Arguments}"));

    public async Task ApplyAsync(ModelUpdate update, CancellationToken cancellationToken)
    {
        switch (update)
        {
            case ModelUpdate.TextDelta { Text.Length: > 0 } text when _toolStep is null:
                await AppendTextAsync(text.Text, cancellationToken);
                break;
            case ModelUpdate.ToolCallDelta call:
                await AppendToolCallAsync(call, cancellationToken);
                break;
            case ModelUpdate.Finished finished:
                FinishReason = finished.FinishReason;
                Usage = finished.Usage;
                break;
        }
    }

    /// <summary>Completes the open message (or marks it incomplete when the token limit cut it) and its step.</summary>
    public async Task CloseMessageAsync(Usage? usage, bool cutByLimit, CancellationToken cancellationToken)
    {
        if (_message is null || _messageStep is null)
        {
            return;
        }

        var now = Now;
        var message = _message with
        {
            Content = _text.Length == 0 ? [] : [MessageContent.FromText(_text.ToString())],
            Status = cutByLimit ? "incomplete" : "completed",
            CompletedAt = cutByLimit ? null : now,
            IncompleteAt = cutByLimit ? now : null,
            IncompleteDetails = cutByLimit ? new IncompleteDetails("max_tokens") : null,
        };
        var step = _messageStep with { Status = StepStatus.Completed, CompletedAt = now, ExpiresAt = null, Usage = usage };
        await store.UpdateAsync(tenant, Kinds.Messages, message, cancellationToken);
        await store.UpdateAsync(tenant, Kinds.Steps, step, cancellationToken);
        publisher.Message(run.Id, message, cutByLimit ? RunEventNames.MessageIncomplete : RunEventNames.MessageCompleted);
        publisher.Step(step);
        _message = null;
        _messageStep = null;
    }

    /// <summary>Stores the open tool step with every call in full, still in progress, and returns what the client must answer.</summary>
    public async Task<IReadOnlyList<RequiredToolCall>> PauseForToolsAsync(Usage usage, CancellationToken cancellationToken)
    {
        var calls = _calls.Select(c => new ToolCall
        {
            Id = c.Id,
            Type = "function",
            Function = new FunctionCall(c.Name.ToString(), c.Arguments.ToString(), null),
        }).ToList();
        var step = _toolStep! with { StepDetails = _toolStep.StepDetails with { ToolCalls = calls }, Usage = usage };
        await store.UpdateAsync(tenant, Kinds.Steps, step, cancellationToken);
        _toolStep = null;
        return calls.Select(c => new RequiredToolCall(c.Id, "function", new RequiredFunction(c.Function!.Name, c.Function.Arguments))).ToList();
    }

    /// <summary>Stores the text of an interrupted message so the finalizer closes it with what was said.</summary>
    public async Task SaveOpenMessageAsync(CancellationToken cancellationToken)
    {
        if (_message is not null && _text.Length > 0)
        {
            await store.UpdateAsync(tenant, Kinds.Messages, _message with { Content = [MessageContent.FromText(_text.ToString())] }, cancellationToken);
        }
    }

    private long Now => time.GetUtcNow().ToUnixTimeSeconds();

    private async Task AppendTextAsync(string text, CancellationToken cancellationToken)
    {
        var first = _message is null;
        if (first)
        {
            await OpenMessageAsync(cancellationToken);
        }

        _text.Append(text);
        var delta = new TextDelta { Value = text, Annotations = first ? [] : null };
        publisher.MessageDelta(run.Id, new MessageDeltaEvent(_message!.Id, new MessageDelta([new ContentDelta(0, "text") { Text = delta }])));
    }

    private async Task OpenMessageAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var message = new Message
        {
            Id = Ids.New(Ids.Message),
            CreatedAt = now,
            AssistantId = run.AssistantId,
            ThreadId = run.ThreadId,
            RunId = run.Id,
            Role = "assistant",
            Status = "in_progress",
        };
        var step = NewStep("message_creation", new StepDetails { Type = "message_creation", MessageCreation = new MessageCreation(message.Id) }, now);
        await store.InsertAsync(tenant, [Kinds.Steps.ToRow(step), Kinds.Messages.ToRow(message)], cancellationToken);
        publisher.Step(step, RunEventNames.StepCreated);
        publisher.Step(step, RunEventNames.StepInProgress);
        publisher.Message(run.Id, message, RunEventNames.MessageCreated);
        publisher.Message(run.Id, message, RunEventNames.MessageInProgress);
        _message = message;
        _messageStep = step;
    }

    private async Task AppendToolCallAsync(ModelUpdate.ToolCallDelta piece, CancellationToken cancellationToken)
    {
        if (_message is not null)
        {
            await CloseMessageAsync(null, false, cancellationToken);
        }

        if (_toolStep is null)
        {
            _toolStep = NewStep("tool_calls", new StepDetails { Type = "tool_calls", ToolCalls = [] }, Now);
            await store.InsertAsync(tenant, Kinds.Steps, _toolStep, cancellationToken);
            publisher.Step(_toolStep, RunEventNames.StepCreated);
            publisher.Step(_toolStep, RunEventNames.StepInProgress);
        }

        // Upstream indices may start anywhere; the wire's are 0, 1, 2… in order of appearance (§7.2 R2).
        var call = _calls.Find(c => c.UpstreamIndex == piece.Index);
        var first = call is null;
        if (call is null)
        {
            call = new PendingCall(piece.Index, _calls.Count, piece.Id ?? Ids.New(Ids.ToolCall));
            _calls.Add(call);
        }

        var name = !call.NameSent && piece.Name is { Length: > 0 } n ? n : null;
        if (name is not null)
        {
            call.Name.Append(name);
            call.NameSent = true;
        }

        call.Arguments.Append(piece.ArgumentsDelta);
        if (!first && name is null && piece.ArgumentsDelta.Length == 0)
        {
            return;
        }

        // id and name go only in the first delta of a call: the SDKs concatenate repeated strings (§7.2 R3).
        var delta = new ToolCallDelta(call.WireIndex, "function")
        {
            Id = first ? call.Id : null,
            Function = new FunctionCallDelta
            {
                Name = name,
                Arguments = first || piece.ArgumentsDelta.Length > 0 ? piece.ArgumentsDelta : null,
                Output = first ? FunctionCallDelta.NullOutput : null,
            },
        };
        publisher.StepDelta(run.Id, new RunStepDeltaEvent(_toolStep.Id, new RunStepDelta(new StepDetailsDelta("tool_calls", [delta]))));
    }

    private RunStep NewStep(string type, StepDetails details, long now) => new()
    {
        Id = Ids.New(Ids.Step),
        CreatedAt = now,
        AssistantId = run.AssistantId,
        ThreadId = run.ThreadId,
        RunId = run.Id,
        Type = type,
        Status = StepStatus.InProgress,
        StepDetails = details,
        ExpiresAt = run.ExpiresAt,
    };

    private sealed class PendingCall(int upstreamIndex, int wireIndex, string id)
    {
        public int UpstreamIndex => upstreamIndex;
        public int WireIndex => wireIndex;
        public string Id => id;
        public StringBuilder Name { get; } = new();
        public StringBuilder Arguments { get; } = new();
        public bool NameSent { get; set; }
    }
}
