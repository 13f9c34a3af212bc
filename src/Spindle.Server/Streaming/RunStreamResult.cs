using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Spindle.Core.Streaming;
using Spindle.Core.Telemetry;

namespace Spindle.Server.Streaming;

/// <summary>
/// A run's events as OpenAI frames them: <c>event: name\ndata: json\n\n</c>, each flushed as it happens, ending
/// <c>event: done\ndata: [DONE]\n\n</c> (ASSISTANTS_API.md §6.1). A client that disconnects stops this writer,
/// not the run. <paramref name="includeContent"/>: the run was created with <c>include[]=…content</c>, so step events
/// carry file-search result content (ASSISTANTS_API.md §6.5 (d)).
/// </summary>
internal sealed class RunStreamResult(IRunSubscription subscription, bool includeContent) : IResult
{
    private static ReadOnlySpan<byte> EventPrefix => "event: "u8;
    private static ReadOnlySpan<byte> DataPrefix => "\ndata: "u8;
    private static ReadOnlySpan<byte> FrameEnd => "\n\n"u8;

    // Node and .NET compare the terminator to "[DONE]" exactly, and it follows requires_action too (§6.1).
    private static ReadOnlySpan<byte> Done => "event: done\ndata: [DONE]\n\n"u8;

    private static ReadOnlySpan<byte> FellBehind =>
        "event: error\ndata: {\"message\":\"The stream fell too far behind the run and was stopped; retrieve the run to see its state.\",\"type\":\"server_error\",\"param\":null,\"code\":null}\n\n"u8;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var events = subscription;
        using var stream = SpindleTelemetry.TrackStream();
        var response = httpContext.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
        var body = response.BodyWriter;
        var aborted = httpContext.RequestAborted;
        try
        {
            await response.StartAsync(aborted);
            // Every event already waiting goes out in one flush: a step, its message and the first delta are published
            // together, and under load a stream's deltas queue up; a flush per event was a send per event.
            while (await events.Events.WaitToReadAsync(aborted))
            {
                while (events.Events.TryRead(out var runEvent))
                {
                    Write(body, runEvent, includeContent);
                }

                await body.FlushAsync(aborted);
            }

            body.Write(Done);
            await body.FlushAsync(aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the run carries on and its state is stored.
        }
        catch (InvalidOperationException) when (!aborted.IsCancellationRequested)
        {
            // The hub dropped this subscriber for falling behind: say so the way OpenAI ends a broken stream (§6.2),
            // a bare Error, then done. The run goes on and can be re-read.
            body.Write(FellBehind);
            body.Write(Done);
            await body.FlushAsync(aborted);
        }
    }

    private static void Write(PipeWriter body, RunEvent runEvent, bool includeContent)
    {
        body.Write(EventPrefix);
        Encoding.UTF8.GetBytes(runEvent.Name, body);
        body.Write(DataPrefix);
        body.Write(includeContent && runEvent.DataWithContent is { } withContent ? withContent : runEvent.Data);
        body.Write(FrameEnd);
    }
}
