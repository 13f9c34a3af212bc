using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Upstream;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>
/// Builds a turn's prompt: the run's instructions, the thread's earlier messages (truncated), then what this run
/// has done so far (its messages and answered tool calls, in step order).
/// </summary>
/// <remarks>
/// <c>truncation_strategy: auto</c> drops the oldest thread messages until the prompt fits the smaller of
/// <c>max_prompt_tokens</c> and the context window, always keeping the newest one (ASSISTANTS_API.md §8.14 leaves
/// the choice to the server). <c>last_messages: n</c> keeps the n newest thread messages.
/// </remarks>
public sealed class PromptBuilder(IObjectStore store, TokenCounter tokens, IOptions<RunOptions> options)
{
    /// <param name="hasSteps">False for the first turn of a run that never ran before: its steps are not read.</param>
    /// <param name="messagesRead">The first page of the thread's messages, when it was read with the run's start.</param>
    public async Task<Prompt> BuildAsync(TenantId tenant, Run run, bool hasSteps, RowPage? messagesRead, CancellationToken cancellationToken)
    {
        var messages = await store.ListAllAsync(tenant, Kinds.Messages, run.ThreadId, messagesRead, cancellationToken);
        var steps = hasSteps ? await store.ListAllAsync(tenant, Kinds.Steps, run.Id, cancellationToken) : [];

        var history = messages.Where(m => m.RunId != run.Id && m.Status == "completed").Select(Convert).ToList();
        if (run.TruncationStrategy is { Type: "last_messages", LastMessages: { } keep } && history.Count > keep)
        {
            history.RemoveRange(0, history.Count - keep);
        }

        var current = new List<ModelMessage>();
        var searches = 0;
        foreach (var step in steps)
        {
            if (step.StepDetails.MessageCreation is { } creation && messages.Find(m => m.Id == creation.MessageId) is { } message)
            {
                current.Add(Convert(message));
            }
            else if (step.StepDetails.ToolCalls is { Count: > 0 } calls && step.Status == StepStatus.Completed)
            {
                current.Add(new ModelMessage.Assistant(null, calls.Select(Call).ToList()));
                current.AddRange(calls.Select(c => new ModelMessage.Tool(c.Id, c.FileSearch is { } search ? FileSearchSources.ForModel(searches++, search) : Result(c))));
            }
        }

        var system = run.Instructions is { Length: > 0 } instructions ? new ModelMessage.System(instructions) : null;
        var fixedTokens = (system is null ? 0 : Count(system)) + current.Sum(Count);
        var sizes = history.Select(Count).ToList();
        var total = fixedTokens + sizes.Sum();
        var budget = Math.Min(run.MaxPromptTokens ?? int.MaxValue, options.Value.ContextWindowTokens);
        var drop = 0;
        while (total > budget && drop < history.Count - 1)
        {
            total -= sizes[drop++];
        }

        var prompt = new List<ModelMessage>();
        if (system is not null)
        {
            prompt.Add(system);
        }

        prompt.AddRange(history.Skip(drop));
        prompt.AddRange(current);
        return new Prompt(prompt, total, run.MaxPromptTokens is not { } max || total <= max, steps);
    }

    private int Count(ModelMessage message) => message switch
    {
        ModelMessage.System s => tokens.CountMessage(s.Text),
        ModelMessage.User u => tokens.CountMessage(u.Text),
        ModelMessage.Assistant a => tokens.CountMessage(a.Text) + a.ToolCalls.Sum(c => tokens.Count(c.Name) + tokens.Count(c.Arguments)),
        ModelMessage.Tool t => tokens.CountMessage(t.Content),
        _ => 0,
    };

    private static ModelToolCall Call(ToolCall call) => call switch
    {
        { CodeInterpreter: { } code } => new ModelToolCall(call.Id, BuiltInTools.CodeInterpreter, Arguments("code", code.Input)),
        { FileSearch: not null } => new ModelToolCall(call.Id, BuiltInTools.FileSearch, Arguments("query", "")),
        _ => new ModelToolCall(call.Id, call.Function!.Name, call.Function.Arguments),
    };

    private static string Arguments(string name, string value) =>
        $"{{\"{name}\":\"{JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"}}";

    private static string Result(ToolCall call) => call.CodeInterpreter is { } code
        ? CodeInterpreterTool.ResultForModel(code.Outputs)
        : call.Function?.Output ?? "";

    private static ModelMessage Convert(Message message)
    {
        var text = string.Join("\n", message.Content.Where(c => c.Text is not null).Select(c => c.Text!.Value));
        return message.Role == "assistant"
            ? new ModelMessage.Assistant(text, [])
            : new ModelMessage.User(text, message.Content.Where(c => c.ImageUrl is not null).Select(c => c.ImageUrl!.Url).ToList());
    }
}
