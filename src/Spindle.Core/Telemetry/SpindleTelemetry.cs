using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Spindle.Core.Telemetry;

/// <summary>
/// Spindle's traces and metrics, on <see cref="System.Diagnostics"/> alone: the host picks the exporters (OpenTelemetry
/// in Spindle.Server). Spans: <c>run</c> ⊃ <c>model_turn</c> ⊃ <c>chat {model}</c> (the upstream call), then
/// <c>tool {type}</c> for each built-in tool call; <c>ingest</c> per vector-store file, ⊃ <c>embeddings {model}</c>.
/// </summary>
/// <remarks>
/// Attributes carry ids, model names, statuses, counts and error codes only: never a key, a prompt, a message or a
/// tool's input or output. Thread-safe.
/// </remarks>
public static class SpindleTelemetry
{
    public const string Name = "Spindle";

    public const string RunIdTag = "spindle.run.id";
    public const string ThreadIdTag = "spindle.thread.id";
    public const string StatusTag = "spindle.run.status";
    public const string ProviderTag = "spindle.provider";
    public const string OperationTag = "gen_ai.operation.name";
    public const string ModelTag = "gen_ai.request.model";
    public const string ToolTag = "spindle.tool.type";
    public const string ErrorTag = "error.type";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Runs entering a status (<c>spindle.run.status</c>): one point per published status change.</summary>
    public static readonly Counter<long> RunStatusChanges = Meter.CreateCounter<long>(
        "spindle.runs", "{run}", "Runs entering each status.");

    public static readonly Histogram<double> TimeToFirstToken = Meter.CreateHistogram<double>(
        "spindle.run.time_to_first_token", "s", "From a model turn's upstream call to its first text or tool-call delta.");

    public static readonly Histogram<double> UpstreamDuration = Meter.CreateHistogram<double>(
        "spindle.upstream.duration", "s", "Upstream calls, by provider, operation and error.type: to the last chunk of a model turn, to the headers of a pass-through call.");

    public static readonly Counter<long> UpstreamErrors = Meter.CreateCounter<long>(
        "spindle.upstream.errors", "{error}", "Upstream calls that failed, by provider, operation and error.type.");

    public static readonly UpDownCounter<long> QueuedRuns = Meter.CreateUpDownCounter<long>(
        "spindle.runs.queue_depth", "{run}", "Runs handed to this node's queue minus runs its executor picked up; summed over nodes, the runs waiting.");

    public static readonly UpDownCounter<long> ActiveStreams = Meter.CreateUpDownCounter<long>(
        "spindle.streams.active", "{stream}", "Server-sent event streams open to clients (runs and chat completions).");

    public static readonly UpDownCounter<long> IngestionBacklog = Meter.CreateUpDownCounter<long>(
        "spindle.ingestion.backlog", "{file}", "Vector-store files queued on this node minus files it picked up; summed over nodes, the files waiting.");

    /// <summary>Counts one open client stream in <see cref="ActiveStreams"/> until the returned value is disposed.</summary>
    public static OpenStream TrackStream()
    {
        ActiveStreams.Add(1);
        return default;
    }

    /// <summary>Starts the <c>run</c> span, the child of the request that queued the run when this node saw it.</summary>
    public static Activity? StartRun(string runId, string threadId)
    {
        var activity = Source.StartActivity("run", ActivityKind.Internal, RunTraceOrigins.Take(runId));
        activity?.SetTag(RunIdTag, runId);
        activity?.SetTag(ThreadIdTag, threadId);
        return activity;
    }

    public static Activity? StartTool(string type)
    {
        var activity = Source.StartActivity("tool " + type);
        activity?.SetTag(ToolTag, type);
        return activity;
    }

    /// <summary>Starts a <c>Client</c> span for one upstream call, named as OpenTelemetry's GenAI conventions do.</summary>
    public static Activity? StartUpstream(string operation, string provider, string model)
    {
        var activity = Source.StartActivity($"{operation} {model}", ActivityKind.Client);
        activity?.SetTag(OperationTag, operation);
        activity?.SetTag(ProviderTag, provider);
        activity?.SetTag(ModelTag, model);
        return activity;
    }

    /// <summary>
    /// Records one finished upstream call on the metrics and on its span; <paramref name="error"/> is its error code
    /// (OpenAI's <c>last_error.code</c>, or the HTTP status of a pass-through call), null on success.
    /// </summary>
    public static void RecordUpstream(Activity? activity, string operation, string provider, long startTimestamp, string? error)
    {
        var tags = new TagList { { OperationTag, operation }, { ProviderTag, provider } };
        if (error is not null)
            tags.Add(ErrorTag, error);
        UpstreamDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        if (error is null)
            return;

        UpstreamErrors.Add(1, tags);
        activity?.SetTag(ErrorTag, error);
        activity?.SetStatus(ActivityStatusCode.Error, error);
    }

    /// <summary>One stream counted in <see cref="ActiveStreams"/>; disposing it uncounts it.</summary>
    public readonly struct OpenStream : IDisposable
    {
        public void Dispose() => ActiveStreams.Add(-1);
    }
}
