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
/// (ASSISTANTS_API.md §6.3, §7.3 O2). Calls of the built-in tools (<see cref="BuiltInTools"/>) are streamed in their
/// own shapes: a <c>code_interpreter</c> call's code goes out as <c>input</c> pieces while the model writes it.
/// </summary>
internal sealed class ModelTurn(
    IObjectStore store, RunPublisher publisher, TimeProvider time, TenantId tenant, Run run, IReadOnlyList<string> imagesToShow,
    IReadOnlyDictionary<string, string> citations, IReadOnlyList<OpenAIFile> writtenFiles)
{
    private readonly StringBuilder _text = new();
    private readonly CitationMarkers? _markers = citations.Count > 0 ? new CitationMarkers(citations) : null;
    private readonly SandboxLinks? _links = writtenFiles.Count > 0 ? new SandboxLinks(writtenFiles) : null;
    private readonly List<Annotation> _annotations = [];
    private readonly List<TurnToolCall> _calls = [];
    private readonly List<MessageContent> _leadingParts = [];
    private Stored<Message>? _message;
    private RunStep? _messageStep;
    private RunStep? _toolStep;

    public string? FinishReason { get; private set; }

    public ModelUsage? Usage { get; private set; }

    public bool CalledTools => _toolStep is not null;

    public IReadOnlyList<TurnToolCall> Calls => _calls;

    /// <summary>Whether an open message showed the images the run's code produced, so they need not be shown again.</summary>
    public bool ShowedImages { get; private set; }

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

    /// <summary>
    /// Completes the open message (or marks it incomplete when the token limit cut it) and its step, stores both in one
    /// write and publishes them.
    /// </summary>
    public async Task CloseMessageAsync(Usage? usage, bool cutByLimit, CancellationToken cancellationToken)
    {
        if (CloseMessage(usage, cutByLimit) is { } closed)
        {
            await SaveAsync(closed, cancellationToken);
        }
    }

    /// <summary>
    /// Closes the open message and its step as <see cref="CloseMessageAsync"/> does, after sending the text held back
    /// for a citation marker or a file link, but leaves storing them (<see cref="ClosedMessage.Updates"/>) and then
    /// <see cref="Publish"/>ing them to the caller, who may store them with the run's end (or <see cref="SaveAsync"/>
    /// them). Null when no message is open.
    /// </summary>
    public ClosedMessage? CloseMessage(Usage? usage, bool cutByLimit)
    {
        if (_message is null || _messageStep is null)
        {
            return null;
        }

        if (_markers?.Finish() is { Length: > 0 } held)
        {
            Route(held, null, false);
        }

        foreach (var (piece, annotation) in _links?.Finish() ?? [])
        {
            EmitText(piece, annotation, false);
        }

        var now = Now;
        List<MessageContent> content = [.. _leadingParts];
        if (_text.Length > 0)
        {
            content.Add(new MessageContent { Type = "text", Text = new MessageText(_text.ToString(), _annotations.Select(a => a with { Index = null }).ToList()) });
        }

        var message = _message.Value with
        {
            Content = content,
            Status = cutByLimit ? "incomplete" : "completed",
            CompletedAt = cutByLimit ? null : now,
            IncompleteAt = cutByLimit ? now : null,
            IncompleteDetails = cutByLimit ? new IncompleteDetails("max_tokens") : null,
        };
        var step = _messageStep with { Status = StepStatus.Completed, CompletedAt = now, ExpiresAt = null, Usage = usage };
        var closed = new ClosedMessage(message, _message.Json, step, cutByLimit);
        _message = null;
        _messageStep = null;
        return closed;
    }

    /// <summary>Stores a closed message and its step in one write, then publishes them, with the message's stored metadata.</summary>
    public async Task SaveAsync(ClosedMessage closed, CancellationToken cancellationToken)
    {
        while (!await store.UpdateAllAsync(tenant, closed.Updates, cancellationToken))
        {
            // Refused: the user set the message's metadata meanwhile (all else in it is this turn's to write), or deleted it.
            if (await store.GetStoredAsync(tenant, Kinds.Messages, closed.Message.Id, cancellationToken) is not { } stored)
            {
                await store.UpdateAsync(tenant, Kinds.Steps, closed.Step, cancellationToken);
                break;
            }

            closed = closed with { Message = closed.Message with { Metadata = stored.Value.Metadata }, ExpectedJson = stored.Json };
        }

        Publish(closed);
    }

    /// <summary>Sends a closed message's last events once it is stored: message completed (or incomplete), then step completed.</summary>
    public void Publish(ClosedMessage closed)
    {
        publisher.Message(run.Id, closed.Message, closed.CutByLimit ? RunEventNames.MessageIncomplete : RunEventNames.MessageCompleted);
        publisher.Step(closed.Step);
    }

    /// <summary>Streams a built-in call's outputs (logs, images) as a step delta and keeps them for the stored step.</summary>
    public void AddOutputs(TurnToolCall call, IReadOnlyList<CodeInterpreterOutput> outputs)
    {
        var first = call.Outputs.Count;
        call.Outputs.AddRange(outputs);
        var indexed = outputs.Select((o, i) => o with { Index = first + i }).ToList();
        var delta = new ToolCallDelta(call.WireIndex, call.Type) { CodeInterpreter = new CodeInterpreterDelta { Outputs = indexed } };
        publisher.StepDelta(run.Id, new RunStepDeltaEvent(_toolStep!.Id, new RunStepDelta(new StepDetailsDelta("tool_calls", [delta]))));
    }

    /// <summary>
    /// Stores the tool step with every call in full. When the built-in tools answered every call, the step is
    /// completed; otherwise it stays in progress and the returned function calls are what the client must answer.
    /// </summary>
    public async Task<IReadOnlyList<RequiredToolCall>> SaveToolStepAsync(Usage usage, CancellationToken cancellationToken)
    {
        var functions = _calls.Where(c => c.Type == "function").ToList();
        var calls = _calls.Select(c => c.ToWire()).ToList();
        var step = _toolStep! with { StepDetails = _toolStep.StepDetails with { ToolCalls = calls }, Usage = usage };
        if (functions.Count == 0)
        {
            step = step with { Status = StepStatus.Completed, CompletedAt = Now, ExpiresAt = null };
        }

        await store.UpdateAsync(tenant, Kinds.Steps, step, cancellationToken);
        if (functions.Count == 0)
        {
            publisher.Step(step);
        }

        _toolStep = null;
        return functions.Select(c => new RequiredToolCall(c.Id, "function", new RequiredFunction(c.Name.ToString(), c.Arguments.ToString()))).ToList();
    }

    /// <summary>Stores what an interrupted turn had said and done, so the finalizer closes it with that.</summary>
    public async Task SaveOpenWorkAsync(CancellationToken cancellationToken)
    {
        if (_message is not null && (_text.Length > 0 || _leadingParts.Count > 0))
        {
            List<MessageContent> content = [.. _leadingParts];
            if (_text.Length > 0)
            {
                content.Add(MessageContent.FromText(_text.ToString()));
            }

            await store.ChangeAsync(tenant, Kinds.Messages, _message, static _ => true, m => m with { Content = content }, cancellationToken);
        }

        if (_toolStep is not null && _calls.Count > 0)
        {
            await store.UpdateAsync(tenant, Kinds.Steps, _toolStep with { StepDetails = _toolStep.StepDetails with { ToolCalls = _calls.Select(c => c.ToWire()).ToList() } }, cancellationToken);
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

        foreach (var (piece, annotation) in _markers?.Append(text) ?? [(text, null)])
        {
            first = Route(piece, annotation, first);
        }
    }

    // Citation markers come out of _markers whole; plain text goes on through _links, which holds back file links.
    private bool Route(string text, Annotation? citation, bool first)
    {
        var pieces = _links is null ? [(text, citation)] : citation is null ? _links.Append(text) : [.. _links.Pass(text), (text, citation)];
        foreach (var (piece, annotation) in pieces)
        {
            EmitText(piece, annotation, first);
            first = false;
        }

        return first && pieces.Count == 0;
    }

    // An annotation goes out in the same delta as the text it covers (§6.5 (d)); the first delta of a part carries
    // annotations: [] (R7).
    private void EmitText(string text, Annotation? annotation, bool first)
    {
        _text.Append(text);
        if (annotation is not null)
        {
            annotation = annotation with { Index = _annotations.Count };
            _annotations.Add(annotation);
        }

        var delta = new TextDelta { Value = text, Annotations = annotation is not null ? [annotation] : first ? [] : null };
        publisher.MessageDelta(run.Id, new MessageDeltaEvent(_message!.Value.Id, new MessageDelta([new ContentDelta(_leadingParts.Count, "text") { Text = delta }])));
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
        var row = Kinds.Messages.ToRow(message);
        await store.InsertAsync(tenant, [Kinds.Steps.ToRow(step), row], cancellationToken);
        publisher.Step(step, RunEventNames.StepCreated, RunEventNames.StepInProgress);
        publisher.Message(run.Id, message, RunEventNames.MessageCreated, RunEventNames.MessageInProgress);
        _message = new Stored<Message>(message, row.Json);
        _messageStep = step;

        // Plots the run's code made lead the answer as image_file parts, streamed like any content (§7.3 O6b).
        foreach (var fileId in imagesToShow)
        {
            var part = new MessageContent { Type = "image_file", ImageFile = new ImageFile(fileId, null) };
            publisher.MessageDelta(run.Id, new MessageDeltaEvent(message.Id, new MessageDelta([new ContentDelta(_leadingParts.Count, "image_file") { ImageFile = part.ImageFile }])));
            _leadingParts.Add(part);
        }

        ShowedImages = imagesToShow.Count > 0;
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
            publisher.Step(_toolStep, RunEventNames.StepCreated, RunEventNames.StepInProgress);
        }

        // Upstream indices may start anywhere; the wire's are 0, 1, 2… in order of appearance (§7.2 R2).
        var call = _calls.Find(c => c.UpstreamIndex == piece.Index);
        var first = call is null;
        if (call is null)
        {
            call = new TurnToolCall(piece.Index, _calls.Count, piece.Id ?? Ids.New(Ids.ToolCall), BuiltInTools.TypeOf(piece.Name, run.Tools));
            if (call.Type == BuiltInTools.FileSearch)
            {
                call.FileSearch = new FileSearchCall(BuiltInTools.FileSearchSettings(run).Ranking, []);
            }

            _calls.Add(call);
        }

        var name = !call.NameSent && piece.Name is { Length: > 0 } n ? n : null;
        if (name is not null)
        {
            call.Name.Append(name);
            call.NameSent = true;
        }

        call.Arguments.Append(piece.ArgumentsDelta);
        var delta = call.Type switch
        {
            BuiltInTools.CodeInterpreter => CodeDelta(call, first, call.Code!.Append(piece.ArgumentsDelta)),

            // The real service puts the whole call in one delta, ranking options and empty results; results come with step.completed (§6.4).
            BuiltInTools.FileSearch => first ? new ToolCallDelta(call.WireIndex, BuiltInTools.FileSearch) { Id = call.Id, FileSearch = call.FileSearch } : null,
            _ when first || name is not null || piece.ArgumentsDelta.Length > 0 => FunctionDelta(call, first, name, piece.ArgumentsDelta),
            _ => null,
        };
        if (delta is not null)
        {
            publisher.StepDelta(run.Id, new RunStepDeltaEvent(_toolStep.Id, new RunStepDelta(new StepDetailsDelta("tool_calls", [delta]))));
        }
    }

    // id and name go only in the first delta of a call: the SDKs concatenate repeated strings (§7.2 R3).
    private static ToolCallDelta FunctionDelta(TurnToolCall call, bool first, string? name, string arguments) => new(call.WireIndex, "function")
    {
        Id = first ? call.Id : null,
        Function = new FunctionCallDelta
        {
            Name = name,
            Arguments = first || arguments.Length > 0 ? arguments : null,
            Output = first ? FunctionCallDelta.NullOutput : null,
        },
    };

    // The first delta opens the call with empty input and outputs, later ones carry the decoded code (§6.5 (c)).
    private static ToolCallDelta? CodeDelta(TurnToolCall call, bool first, string code) => first
        ? new ToolCallDelta(call.WireIndex, "code_interpreter") { Id = call.Id, CodeInterpreter = new CodeInterpreterDelta { Input = code, Outputs = [] } }
        : code.Length > 0
            ? new ToolCallDelta(call.WireIndex, "code_interpreter") { CodeInterpreter = new CodeInterpreterDelta { Input = code } }
            : null;

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
}

/// <summary>
/// A message a turn closed, with its step, not yet stored or published; <paramref name="ExpectedJson"/> is what the
/// message's row held when the turn last wrote or read it, so the write lands only over that.
/// </summary>
internal sealed record ClosedMessage(Message Message, string ExpectedJson, RunStep Step, bool CutByLimit)
{
    public IReadOnlyList<RowUpdate> Updates => [new(Kinds.Messages.ToRow(Message), ExpectedJson), new(Kinds.Steps.ToRow(Step))];
}
