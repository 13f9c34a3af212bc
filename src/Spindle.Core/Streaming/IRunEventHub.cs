namespace Spindle.Core.Streaming;

/// <summary>
/// Fans a run's events out to its SSE subscribers. In-process on one node; the seam a multi-node hub
/// (PostgreSQL LISTEN/NOTIFY) replaces.
/// </summary>
/// <remarks>
/// Thread-safe. <see cref="Publish"/> never waits for a reader: a subscriber that falls behind is dropped and
/// can re-read the run, which is the state of record.
/// </remarks>
public interface IRunEventHub
{
    /// <summary>
    /// Starts receiving the events of <paramref name="runId"/> published from now on. The subscription completes
    /// after an event that ends a stream (<see cref="RunEvent.EndsStream"/>).
    /// </summary>
    IRunSubscription Subscribe(string runId);

    void Publish(string runId, RunEvent runEvent);
}
