using Spindle.Core.Runs;
using Spindle.Core.Streaming;

namespace Spindle.Storage.Cluster;

/// <summary>
/// The event hub of nodes sharing one PostgreSQL. A run executes on the node that holds its stream
/// (<see cref="PostgresRunQueue"/>), so its events are delivered in-process there, with no database write per delta.
/// An event published on a node that neither streams nor executes the run (a cancel request that reached another
/// node) goes to the other nodes as a notification, and a node with a subscriber of that run delivers it.
/// </summary>
internal sealed class PostgresRunEventHub : IRunEventHub
{
    private readonly InProcessRunEventHub _local = new();
    private readonly ClusterNotifications _notifications;
    private readonly RunSignals _signals;

    public PostgresRunEventHub(ClusterNotifications notifications, RunSignals signals)
    {
        _notifications = notifications;
        _signals = signals;
        notifications.EventReceived += _local.Publish;
    }

    public IRunSubscription Subscribe(string runId) => _local.Subscribe(runId);

    public void Publish(string runId, RunEvent runEvent)
    {
        var elsewhere = !_local.HasSubscribers(runId) && !_signals.IsRunning(runId);
        _local.Publish(runId, runEvent);
        if (elsewhere)
        {
            _notifications.SendEvent(runId, runEvent);
        }
    }
}
