using System.Diagnostics.Metrics;

namespace Spindle.Server.Tests.Streaming;

/// <summary>
/// Completes when Kestrel on <c>port</c> records the end of a connection (<c>kestrel.connection.duration</c>), which
/// happens only after the server has finished the connection's last request. It lets a test know, without a timer,
/// that the server's stream writer has stopped.
/// </summary>
internal sealed class ConnectionEnds : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConnectionEnds(int port)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: "Microsoft.AspNetCore.Server.Kestrel", Name: "kestrel.connection.duration" })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "server.port" && Convert.ToInt32(tag.Value, System.Globalization.CultureInfo.InvariantCulture) == port)
                {
                    _ended.TrySetResult();
                }
            }
        });
        _listener.Start();
    }

    public Task Ended => _ended.Task;

    public void Dispose() => _listener.Dispose();
}
