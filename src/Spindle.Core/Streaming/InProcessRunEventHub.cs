using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Spindle.Core.Streaming;

/// <summary>The single-node hub: one bounded channel per subscriber.</summary>
public sealed class InProcessRunEventHub : IRunEventHub
{
    // Far more events than one run produces between two reads by a healthy client.
    private const int SubscriberCapacity = 16_384;

    private readonly ConcurrentDictionary<string, ImmutableSubscribers> _runs = new(StringComparer.Ordinal);

    public IRunSubscription Subscribe(string runId)
    {
        var subscription = new Subscription(this, runId, Channel.CreateBounded<RunEvent>(
            new BoundedChannelOptions(SubscriberCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }));
        _runs.AddOrUpdate(runId, static (_, s) => new ImmutableSubscribers([s]), static (_, list, s) => list.With(s), subscription);
        return subscription;
    }

    /// <summary>Whether anyone in this process subscribes to the run's events.</summary>
    public bool HasSubscribers(string runId) => _runs.ContainsKey(runId);

    public void Publish(string runId, RunEvent runEvent)
    {
        if (!_runs.TryGetValue(runId, out var subscribers))
        {
            return;
        }

        foreach (var subscriber in subscribers.Items)
        {
            if (!subscriber.Channel.Writer.TryWrite(runEvent))
            {
                subscriber.Channel.Writer.TryComplete(new InvalidOperationException($"Subscriber of run {runId} fell behind."));
            }
            else if (runEvent.EndsStream)
            {
                subscriber.Channel.Writer.TryComplete();
            }
        }

        if (runEvent.EndsStream)
        {
            foreach (var subscriber in subscribers.Items)
            {
                Remove(subscriber);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        while (_runs.TryGetValue(subscription.RunId, out var list))
        {
            var next = list.Without(subscription);
            if (ReferenceEquals(next, list))
            {
                return;
            }

            var done = next.Items.Length == 0
                ? _runs.TryRemove(new KeyValuePair<string, ImmutableSubscribers>(subscription.RunId, list))
                : _runs.TryUpdate(subscription.RunId, next, list);
            if (done)
            {
                return;
            }
        }
    }

    private sealed class ImmutableSubscribers(Subscription[] items)
    {
        public Subscription[] Items => items;

        public ImmutableSubscribers With(Subscription s) => new([.. items, s]);

        public ImmutableSubscribers Without(Subscription s) =>
            Array.IndexOf(items, s) < 0 ? this : new ImmutableSubscribers(items.Where(i => i != s).ToArray());
    }

    private sealed class Subscription(InProcessRunEventHub hub, string runId, Channel<RunEvent> channel) : IRunSubscription
    {
        public string RunId => runId;

        public Channel<RunEvent> Channel => channel;

        public ChannelReader<RunEvent> Events => channel.Reader;

        public void Dispose()
        {
            channel.Writer.TryComplete();
            hub.Remove(this);
        }
    }
}
