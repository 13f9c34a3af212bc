using System.Threading.Channels;

namespace Spindle.Core.Streaming;

/// <summary>One subscriber's view of a run's events. Disposing it unsubscribes; the run goes on.</summary>
public interface IRunSubscription : IDisposable
{
    ChannelReader<RunEvent> Events { get; }
}
