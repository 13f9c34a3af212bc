using System.Text;
using Spindle.Testing;

namespace Spindle.Server.Tests.Streaming;

/// <summary>
/// A streamed response read event by event while it is still open, with a deadline: a test that waits for an event
/// Spindle never sends fails with <see cref="DeadlineMessage"/> instead of hanging.
/// </summary>
internal sealed class LiveStream : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _deadline;
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseEvent> _events;

    private LiveStream(CancellationTokenSource deadline, HttpResponseMessage response, Stream body)
    {
        _deadline = deadline;
        _response = response;
        _events = SseReader.ReadAsync(body, deadline.Token).GetAsyncEnumerator(deadline.Token);
    }

    public static string DeadlineMessage => $"No event within {Deadline.TotalSeconds:0} s: Spindle held back (buffered) an event it should have sent already.";

    public HttpResponseMessage Response => _response;

    public List<SseEvent> Received { get; } = [];

    /// <summary>Cancelled at the deadline; use it for requests made while the stream is open.</summary>
    public CancellationToken Token => _deadline.Token;

    public static async Task<LiveStream> PostAsync(HttpClient http, string path, string json, CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        response.EnsureSuccessStatusCode();
        return new LiveStream(deadline, response, await response.Content.ReadAsStreamAsync(deadline.Token));
    }

    /// <summary>The next event, or null when the server closed the stream.</summary>
    public async Task<SseEvent?> NextAsync()
    {
        try
        {
            if (!await _events.MoveNextAsync())
            {
                return null;
            }
        }
        catch (OperationCanceledException) when (_deadline.IsCancellationRequested)
        {
            Assert.Fail(DeadlineMessage + $" Received so far: {string.Join(", ", Received.Select(e => e.Event))}");
        }

        Received.Add(_events.Current);
        return _events.Current;
    }

    /// <summary>Reads until the event named <paramref name="name"/> and returns it.</summary>
    public async Task<SseEvent> NextAsync(string name)
    {
        while (await NextAsync() is { } e)
        {
            if (e.Event == name)
            {
                return e;
            }
        }

        Assert.Fail($"The stream closed before {name}. Received: {string.Join(", ", Received.Select(e => e.Event))}");
        return null!;
    }

    /// <summary>Reads to the end of the stream.</summary>
    public async Task<List<SseEvent>> ToEndAsync()
    {
        while (await NextAsync() is not null)
        {
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();
        _response.Dispose();
        _deadline.Dispose();
    }
}
