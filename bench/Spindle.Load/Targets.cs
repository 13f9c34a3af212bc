using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Spindle.Load;

/// <summary>
/// What every streaming figure compares: a run streamed through Spindle (create thread and run, one request,
/// tokens are <c>thread.message.delta</c> events), the same reply streamed straight from the fake upstream (tokens are
/// chunks with content), and that reply through the do-nothing pass-through proxy. All are read with the same raw
/// <see cref="SseStream"/>.
/// </summary>
/// <remarks>With several Spindle nodes, runs go to each node in turn, as a round-robin load balancer would send them.</remarks>
internal sealed class Targets(HttpClient http, IReadOnlyList<Uri> spindles, Uri upstream, Uri proxy, TimeSpan timeout)
{
    private int _next = -1;

    private static ReadOnlySpan<byte> EventPrefix => "event: "u8;
    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;
    private static ReadOnlySpan<byte> MessageDelta => "thread.message.delta"u8;
    private static ReadOnlySpan<byte> RunCompleted => "thread.run.completed"u8;
    private static ReadOnlySpan<byte> DoneEvent => "done"u8;
    private static ReadOnlySpan<byte> DoneData => "[DONE]"u8;
    private static ReadOnlySpan<byte> Content => "\"content\":\""u8;

    public Uri Spindle => spindles[0];

    public HttpClient Http => http;

    public static HttpRequestMessage SpindleRequest(HttpMethod method, Uri uri, string? json)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "bench");
        request.Headers.Add("OpenAI-Beta", "assistants=v2");
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    public Task<StreamSample> ThroughSpindleAsync(string assistantId, CancellationToken cancellationToken) =>
        StreamAsync(
            SpindleRequest(HttpMethod.Post, new Uri(spindles[(int)((uint)Interlocked.Increment(ref _next) % spindles.Count)], "/v1/threads/runs"),
                $$"""{"assistant_id":"{{assistantId}}","thread":{"messages":[{"role":"user","content":"Hi"}]},"stream":true}"""),
            viaSpindle: true, cancellationToken);

    public Task<StreamSample> StraightFromUpstreamAsync(string model, CancellationToken cancellationToken) => CompletionAsync(upstream, model, cancellationToken);

    public Task<StreamSample> ThroughProxyAsync(string model, CancellationToken cancellationToken) => CompletionAsync(proxy, model, cancellationToken);

    private Task<StreamSample> CompletionAsync(Uri root, string model, CancellationToken cancellationToken) =>
        StreamAsync(
            new HttpRequestMessage(HttpMethod.Post, new Uri(root, "/v1/chat/completions"))
            {
                Content = new StringContent(
                    $$"""{"model":"{{model}}","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}""",
                    Encoding.UTF8, "application/json"),
            },
            viaSpindle: false, cancellationToken);

    /// <summary>A non-streamed completion straight from the upstream: the time the upstream itself needs.</summary>
    public async Task<double> UpstreamCompletionMsAsync(string model, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync(new Uri(upstream, "/v1/chat/completions"), new StringContent(
            $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"), cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private async Task<StreamSample> StreamAsync(HttpRequestMessage request, bool viaSpindle, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var tokens = new List<double>(64);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using (request)
            using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token))
            {
                if (!response.IsSuccessStatusCode)
                {
                    return new StreamSample(tokens, $"HTTP {(int)response.StatusCode}");
                }

                var sse = new SseStream(await response.Content.ReadAsStreamAsync(cts.Token));
                return viaSpindle
                    ? await ReadSpindleAsync(sse, started, tokens, cts.Token)
                    : await ReadUpstreamAsync(sse, started, tokens, cts.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new StreamSample(tokens, "timed out");
        }
        catch (HttpRequestException e)
        {
            return new StreamSample(tokens, e.HttpRequestError.ToString());
        }
        catch (IOException e)
        {
            return new StreamSample(tokens, e.GetType().Name);
        }
    }

    private static async Task<StreamSample> ReadSpindleAsync(SseStream sse, long started, List<double> tokens, CancellationToken ct)
    {
        var completed = false;
        var isDelta = false;
        while (await sse.ReadLineAsync(ct) is { } read)
        {
            var line = read.Line.Span;
            if (!line.StartsWith(EventPrefix))
            {
                if (isDelta && line.StartsWith(DataPrefix))
                {
                    tokens.Add(Ms(started, read.Timestamp));
                }

                continue;
            }

            var name = line[EventPrefix.Length..];
            isDelta = name.SequenceEqual(MessageDelta);
            completed |= name.SequenceEqual(RunCompleted);
            if (name.SequenceEqual(DoneEvent))
            {
                return new StreamSample(tokens, completed && tokens.Count > 0 ? null : "stream ended without thread.run.completed");
            }
        }

        return new StreamSample(tokens, "stream ended without done");
    }

    private static async Task<StreamSample> ReadUpstreamAsync(SseStream sse, long started, List<double> tokens, CancellationToken ct)
    {
        while (await sse.ReadLineAsync(ct) is { } read)
        {
            var line = read.Line.Span;
            if (!line.StartsWith(DataPrefix))
            {
                continue;
            }

            var data = line[DataPrefix.Length..];
            if (data.SequenceEqual(DoneData))
            {
                return new StreamSample(tokens, tokens.Count > 0 ? null : "no content");
            }

            var at = data.IndexOf(Content);
            if (at >= 0 && data.Length > at + Content.Length && data[at + Content.Length] != (byte)'"')
            {
                tokens.Add(Ms(started, read.Timestamp));
            }
        }

        return new StreamSample(tokens, "stream ended without [DONE]");
    }

    private static double Ms(long started, long at) => Stopwatch.GetElapsedTime(started, at).TotalMilliseconds;
}
