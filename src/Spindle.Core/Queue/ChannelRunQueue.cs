using System.Threading.Channels;

namespace Spindle.Core.Queue;

public sealed class ChannelRunQueue : IRunQueue
{
    private readonly Channel<RunWorkItem> _channel = Channel.CreateUnbounded<RunWorkItem>(new UnboundedChannelOptions { SingleReader = true });

    public ValueTask EnqueueAsync(RunWorkItem item, CancellationToken cancellationToken) => _channel.Writer.WriteAsync(item, cancellationToken);

    public IAsyncEnumerable<RunWorkItem> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}
