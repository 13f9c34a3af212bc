using System.Text;
using Spindle.Core.Runs;
using Spindle.Core.Storage;
using Spindle.Core.Streaming;
using Spindle.Core.Wire;

namespace Spindle.Core.Tests.Streaming;

public sealed class RunPublisherTests
{
    private static readonly Run Queued = new()
    {
        Id = "run_a",
        CreatedAt = 1_700_000_000,
        AssistantId = "asst_a",
        ThreadId = "thread_a",
        Status = RunStatus.Queued,
        Model = "gpt-4o",
    };

    private readonly InProcessRunEventHub _hub = new();

    [Fact]
    public void A_stored_run_goes_out_as_the_JSON_its_row_holds_under_each_name_given()
    {
        using var events = _hub.Subscribe(Queued.Id);
        // The row's text, not what serializing the value again would give: the event shows what a retrieve returns.
        var json = Kinds.Runs.ToRow(Queued).Json.Replace("\"metadata\":{}", "\"metadata\":{\"from\":\"row\"}", StringComparison.Ordinal);
        Assert.Contains("\"from\":\"row\"", json, StringComparison.Ordinal);

        new RunPublisher(_hub).Run(new Stored<Run>(Queued, json), RunEventNames.RunCreated, RunEventNames.RunQueued);

        Assert.Equal([(RunEventNames.RunCreated, json), (RunEventNames.RunQueued, json)], Drain(events));
    }

    [Fact]
    public void A_run_published_without_a_name_goes_out_under_the_event_its_status_names()
    {
        using var events = _hub.Subscribe(Queued.Id);
        var completed = Queued with { Status = RunStatus.Completed, CompletedAt = 1_700_000_001 };

        new RunPublisher(_hub).Run(new Stored<Run>(completed, Kinds.Runs.ToRow(completed).Json));

        Assert.Equal([RunEventNames.RunCompleted], Drain(events).Select(e => e.Name));
    }

    [Fact]
    public void A_step_and_a_message_published_under_two_names_go_out_twice_with_the_same_data()
    {
        using var events = _hub.Subscribe(Queued.Id);
        var message = new Message { Id = "msg_a", CreatedAt = 1_700_000_000, ThreadId = Queued.ThreadId, RunId = Queued.Id, Role = "assistant", Status = "in_progress" };
        var step = new RunStep
        {
            Id = "step_a",
            CreatedAt = 1_700_000_000,
            AssistantId = Queued.AssistantId,
            ThreadId = Queued.ThreadId,
            RunId = Queued.Id,
            Type = "message_creation",
            Status = StepStatus.InProgress,
            StepDetails = new StepDetails { Type = "message_creation", MessageCreation = new MessageCreation(message.Id) },
        };
        var publisher = new RunPublisher(_hub);

        publisher.Step(step, RunEventNames.StepCreated, RunEventNames.StepInProgress);
        publisher.Message(Queued.Id, message, RunEventNames.MessageCreated, RunEventNames.MessageInProgress);

        var published = Drain(events);
        Assert.Equal([RunEventNames.StepCreated, RunEventNames.StepInProgress, RunEventNames.MessageCreated, RunEventNames.MessageInProgress],
            published.Select(e => e.Name));
        Assert.Equal(Kinds.Steps.ToRow(step).Json, published[0].Data);
        Assert.Equal(published[0].Data, published[1].Data);
        Assert.Equal(Kinds.Messages.ToRow(message).Json, published[2].Data);
        Assert.Equal(published[2].Data, published[3].Data);
    }

    private static List<(string Name, string Data)> Drain(IRunSubscription events)
    {
        var published = new List<(string, string)>();
        while (events.Events.TryRead(out var runEvent))
        {
            published.Add((runEvent.Name, Encoding.UTF8.GetString(runEvent.Data)));
        }

        return published;
    }
}
