using System.Threading.Channels;
using Spindle.Core.Runs;

namespace Spindle.Core.Queue;

/// <summary>The single-node queue: a channel, and cancels signalled in this process.</summary>
public sealed class ChannelRunQueue(RunSignals signals) : IRunQueue
{
    private readonly Channel<RunWorkItem> _channel = Channel.CreateUnbounded<RunWorkItem>(new UnboundedChannelOptions { SingleReader = true });

    public ValueTask EnqueueAsync(RunWorkItem item, CancellationToken cancellationToken) => _channel.Writer.WriteAsync(item, cancellationToken);

    public IAsyncEnumerable<RunWorkItem> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);

    public ValueTask CompleteAsync(RunWorkItem item, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask InterruptAsync(string runId, CancellationToken cancellationToken)
    {
        signals.Cancel(runId);
        return ValueTask.CompletedTask;
    }
}
