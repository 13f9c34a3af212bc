using System.Text;
using System.Threading.Channels;
using Spindle.Core.Streaming;

namespace Spindle.Core.Tests.Streaming;

public sealed class InProcessRunEventHubTests
{
    private static RunEvent Event(string name) => new(name, Encoding.UTF8.GetBytes("{}"));

    [Fact]
    public async Task A_subscriber_gets_the_events_of_its_run_in_order_and_completes_after_the_stream_end()
    {
        var hub = new InProcessRunEventHub();
        using var mine = hub.Subscribe("run_a");
        using var other = hub.Subscribe("run_b");

        hub.Publish("run_a", Event(RunEventNames.RunQueued));
        hub.Publish("run_b", Event(RunEventNames.RunQueued));
        hub.Publish("run_a", Event(RunEventNames.MessageDelta));
        hub.Publish("run_a", Event(RunEventNames.RunRequiresAction));
        hub.Publish("run_a", Event(RunEventNames.RunQueued));

        var names = new List<string>();
        await foreach (var e in mine.Events.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            names.Add(e.Name);
        }

        Assert.Equal([RunEventNames.RunQueued, RunEventNames.MessageDelta, RunEventNames.RunRequiresAction], names);
        Assert.True(other.Events.TryRead(out var b));
        Assert.Equal(RunEventNames.RunQueued, b.Name);
        Assert.False(other.Events.Completion.IsCompleted);
    }

    [Fact]
    public void Events_published_before_subscribing_are_not_replayed_and_publishing_without_subscribers_is_harmless()
    {
        var hub = new InProcessRunEventHub();
        hub.Publish("run_a", Event(RunEventNames.RunCreated));
        using var late = hub.Subscribe("run_a");
        Assert.False(late.Events.TryRead(out _));
    }

    [Fact]
    public async Task A_subscriber_that_never_reads_is_dropped_instead_of_blocking_the_publisher()
    {
        var hub = new InProcessRunEventHub();
        using var slow = hub.Subscribe("run_a");
        using var fast = hub.Subscribe("run_a");
        var fastCount = 0;
        for (var i = 0; i < 20_000; i++)
        {
            hub.Publish("run_a", Event(RunEventNames.MessageDelta));
            while (fast.Events.TryRead(out _))
            {
                fastCount++;
            }
        }

        Assert.Equal(20_000, fastCount);
        var drained = 0;
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var _ in slow.Events.ReadAllAsync(TestContext.Current.CancellationToken))
            {
                drained++;
            }
        });
        Assert.IsNotType<ChannelClosedException>(error, exactMatch: true);
        Assert.True(drained < 20_000);
    }

    [Fact]
    public void Disposing_a_subscription_unsubscribes_it()
    {
        var hub = new InProcessRunEventHub();
        var subscription = hub.Subscribe("run_a");
        subscription.Dispose();
        hub.Publish("run_a", Event(RunEventNames.RunCreated));
        Assert.True(subscription.Events.Completion.IsCompleted);
        Assert.False(subscription.Events.TryRead(out _));
    }
}
