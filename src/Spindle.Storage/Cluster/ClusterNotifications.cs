using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Spindle.Core;
using Spindle.Core.Streaming;

namespace Spindle.Storage.Cluster;

/// <summary>
/// The node's PostgreSQL <c>LISTEN</c>/<c>NOTIFY</c> link to the other nodes: run events published where no subscriber
/// of the run is (a cancel request reaching another node than the run's stream), and interrupts (cancel) for runs
/// executing elsewhere.
/// </summary>
/// <remarks>
/// What this node sends goes out in the order it was sent, from one loop; PostgreSQL delivers notifications to every
/// listener in commit order, so each node sees every other node's events in the order they were published. A
/// <c>NOTIFY</c> payload must stay under 8000 bytes: a larger event (a run with long instructions) is written to
/// <c>run_events</c> and its notification carries the row's id, which the receiving nodes read back in order.
/// </remarks>
internal sealed partial class ClusterNotifications(NpgsqlDataSource dataSource, ClusterNode node, ILogger<ClusterNotifications> logger) : BackgroundService
{
    private const string EventsChannel = "spindle_run_events", InterruptChannel = "spindle_run_interrupts";

    // Under PostgreSQL's 8000-byte payload limit with room for the header line.
    private const int MaxPayloadBytes = 7_800;

    private readonly Channel<(string RunId, RunEvent? Event)> _outgoing = Channel.CreateUnbounded<(string, RunEvent?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<NpgsqlNotificationEventArgs> _incoming = Channel.CreateUnbounded<NpgsqlNotificationEventArgs>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>An event another node published for a run; raised in the order the nodes published.</summary>
    public event Action<string, RunEvent>? EventReceived;

    /// <summary>Another node asked for the run's current turn to be interrupted.</summary>
    public event Action<string>? InterruptReceived;

    public void SendEvent(string runId, RunEvent runEvent) => _outgoing.Writer.TryWrite((runId, runEvent));

    public void SendInterrupt(string runId) => _outgoing.Writer.TryWrite((runId, null));

    /// <summary>Starts, then waits until the node listens, so no request it serves can miss a notification.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        await _listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(ListenAsync(stoppingToken), ReceiveAsync(stoppingToken), SendAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, n) => _incoming.Writer.TryWrite(n);
                await using (var listen = new NpgsqlCommand($"LISTEN {EventsChannel}; LISTEN {InterruptChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                _listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Notifications sent while the link is down are lost; the lease renewal still delivers cancels.
                Log.ListenerFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ReceiveAsync(CancellationToken stoppingToken)
    {
        await foreach (var notification in _incoming.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (notification.Channel == InterruptChannel)
                {
                    InterruptReceived?.Invoke(notification.Payload);
                    continue;
                }

                var parts = notification.Payload.Split('\n', 4);
                if (parts.Length < 3 || parts[0] == node.Id)
                {
                    continue;
                }

                var runEvent = parts[2].StartsWith('#')
                    ? await ReadStoredAsync(long.Parse(parts[2].AsSpan(1), CultureInfo.InvariantCulture), stoppingToken)
                    : new RunEvent(parts[2], Encoding.UTF8.GetBytes(parts[3]));
                if (runEvent is not null)
                {
                    EventReceived?.Invoke(parts[1], runEvent);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Log.ListenerFailed(logger, e);
            }
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        await foreach (var (runId, runEvent) in _outgoing.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (runEvent is null)
                {
                    await NotifyAsync(InterruptChannel, runId, stoppingToken);
                    continue;
                }

                var payload = $"{node.Id}\n{runId}\n{runEvent.Name}\n{Encoding.UTF8.GetString(runEvent.Data)}";
                if (runEvent.DataWithContent is not null || Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes)
                {
                    payload = $"{node.Id}\n{runId}\n#{await StoreAsync(runId, runEvent, stoppingToken)}";
                }

                await NotifyAsync(EventsChannel, payload, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Log.ListenerFailed(logger, e);
            }
        }
    }

    private async Task NotifyAsync(string channel, string payload, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_notify(@channel, @payload)");
        command.Parameters.AddWithValue("@channel", channel);
        command.Parameters.AddWithValue("@payload", payload);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<long> StoreAsync(string runId, RunEvent runEvent, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO run_events (run_id, name, data, data_with_content) VALUES (@run_id, @name, @data, @data_with_content) RETURNING id");
        command.Parameters.AddWithValue("@run_id", runId);
        command.Parameters.AddWithValue("@name", runEvent.Name);
        command.Parameters.AddWithValue("@data", runEvent.Data);
        command.Parameters.AddWithValue("@data_with_content", (object?)runEvent.DataWithContent ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<RunEvent?> ReadStoredAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT name, data, data_with_content FROM run_events WHERE id = @id");
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new RunEvent(reader.GetString(0), (byte[])reader[1]) { DataWithContent = reader.IsDBNull(2) ? null : (byte[])reader[2] };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.ListenerFailed, Level = LogLevel.Warning, Message = "The PostgreSQL notification link failed; reconnecting")]
        public static partial void ListenerFailed(ILogger logger, Exception exception);
    }
}
