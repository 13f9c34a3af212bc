using System.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Spindle.Server.Tests.VectorStores;
using Spindle.Testing;

namespace Spindle.Server.Tests.Telemetry;

/// <summary>Spindle with telemetry on and OpenTelemetry's in-memory exporters beside whatever it configures itself.</summary>
public sealed class TelemetrySpindle : SpindleFixture
{
    public List<Activity> Spans { get; } = [];

    public List<Metric> Metrics { get; } = [];

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Spindle:Telemetry:Enabled"] = "true";
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(Spans))
            .WithMetrics(metrics => metrics.AddInMemoryExporter(Metrics));
}

/// <summary>
/// Spindle's meter and activity source are process-wide, so these tests run alone: every point and span they see
/// comes from the one run they make.
/// </summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests(TelemetrySpindle spindle) : IClassFixture<TelemetrySpindle>
{
    private const string Question = "What is Filip's favourite food, secretly?";
    private const string Query = "Filip favourite food";
    private const string Answer = "Filip's favourite food is cake.";
    private const string Document = "Filip's favourite food is cake. Maria prefers sushi.";

    [Fact]
    public async Task One_run_yields_linked_spans_and_metric_points_with_no_text_or_key_in_any_attribute()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = await VectorStoreWire.UploadAsync(spindle, "foods.txt", Document, ct);
        var store = await VectorStoreWire.CreateStoreAsync(spindle, $$"""{"name":"Foods","file_ids":["{{file}}"]}""", ct);
        await VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{store.Id}", ct);
        var assistant = await spindle.PostAsync("/v1/assistants", $$$$"""
            {"model":"gpt-4o","tools":[{"type":"file_search"}],"tool_resources":{"file_search":{"vector_store_ids":["{{{{store.Id}}}}"]}}}
            """, ct);
        var thread = await spindle.PostAsync("/v1/threads", $$"""{"messages":[{"role":"user","content":"{{Question}}"}]}""", ct);
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_fs", "file_search", $$"""{"query":"{{Query}}"}""")));
        spindle.Upstream.Enqueue(Script.Reply(Answer));

        var events = await spindle.PostSseAsync($"/v1/threads/{thread.Id}/runs", $$"""{"assistant_id":"{{assistant.Id}}","stream":true}""", ct);
        var runId = events.First(e => e.Event == "thread.run.created").Json.GetProperty("id").GetString();
        spindle.Upstream.Enqueue(Script.Error(400, "Bad model input."));
        await spindle.PostAsync("/v1/chat/completions", """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}""", ct);

        var tracing = spindle.Services.GetRequiredService<TracerProvider>();
        var metering = spindle.Services.GetRequiredService<MeterProvider>();
        Assert.True(tracing.ForceFlush() && metering.ForceFlush());
        var spans = Snapshot(spindle.Spans);

        // HTTP request → run → model turn → upstream call (→ its HTTP client span), and the tool call under the run.
        var run = Assert.Single(spans, s => s.OperationName == "run" && Equals(s.GetTagItem("spindle.run.id"), runId));
        var request = Assert.Single(spans, s => s.SpanId == run.ParentSpanId);
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.Equal("POST", request.GetTagItem("http.request.method"));
        var turns = spans.Where(s => s.OperationName == "model_turn" && s.ParentSpanId == run.SpanId).ToList();
        Assert.Equal(2, turns.Count);
        foreach (var turn in turns)
        {
            var chat = Assert.Single(spans, s => s.OperationName == "chat gpt-4o" && s.ParentSpanId == turn.SpanId);
            Assert.Equal(("fake", ActivityKind.Client), (chat.GetTagItem("spindle.provider"), chat.Kind));
            Assert.Contains(spans, s => s.ParentSpanId == chat.SpanId && s.GetTagItem("http.request.method") is "POST");
        }

        var tool = Assert.Single(spans, s => s.OperationName == "tool file_search" && s.ParentSpanId == run.SpanId);
        Assert.Contains(spans, s => s.OperationName == "embeddings fake-embedding" && s.ParentSpanId == tool.SpanId);
        var ingest = Assert.Single(spans, s => s.OperationName == "ingest" && Equals(s.GetTagItem("spindle.file.id"), file));
        Assert.Contains(spans, s => s.OperationName == "embeddings fake-embedding" && s.ParentSpanId == ingest.SpanId);
        var failed = Assert.Single(spans, s => s.OperationName == "chat gpt-4o" && s.Status == ActivityStatusCode.Error);
        Assert.Equal("400", failed.GetTagItem("error.type"));

        string[] secrets = [Question, Query, Answer, Document, "Filip", "cake", "sk-upstream", SpindleFixture.KeyA];
        foreach (var span in spans)
        {
            var values = span.TagObjects.Select(t => t.Value?.ToString() ?? "")
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => t.Value?.ToString() ?? "")));
            foreach (var value in values)
                Assert.DoesNotContain(secrets, secret => value.Contains(secret, StringComparison.Ordinal));
        }

        var metrics = Snapshot(spindle.Metrics);
        Assert.Equal(1, Sum(metrics, "spindle.runs", ("spindle.run.status", "queued")));
        Assert.Equal(1, Sum(metrics, "spindle.runs", ("spindle.run.status", "in_progress")));
        Assert.Equal(1, Sum(metrics, "spindle.runs", ("spindle.run.status", "completed")));
        Assert.Equal(2, Count(metrics, "spindle.run.time_to_first_token"));
        Assert.Equal(3, Count(metrics, "spindle.upstream.duration", ("gen_ai.operation.name", "chat")));
        Assert.Equal(1, Sum(metrics, "spindle.upstream.errors", ("error.type", "400")));
        Assert.Equal(0, Sum(metrics, "spindle.runs.queue_depth"));
        Assert.Equal(0, Sum(metrics, "spindle.streams.active"));
        Assert.Equal(0, Sum(metrics, "spindle.ingestion.backlog"));
        Assert.Contains(metrics, m => m.Name == "spindle.ingestion.backlog");
        Assert.Contains(metrics, m => m.Name == "spindle.streams.active");
        Assert.Contains(metrics, m => m.Name == "spindle.runs.queue_depth");
    }

    private static List<T> Snapshot<T>(List<T> exported)
    {
        lock (exported)
            return [.. exported];
    }

    private static IEnumerable<MetricPoint> Points(List<Metric> metrics, string name, (string Key, string Value)? tag)
    {
        // The in-memory exporter appends every collection; the newest holds the cumulative totals.
        var metric = metrics.LastOrDefault(m => m.Name == name);
        if (metric is null)
            yield break;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var tags = new Dictionary<string, object?>();
            foreach (var t in point.Tags)
                tags[t.Key] = t.Value;
            if (tag is not { } wanted || Equals(tags.GetValueOrDefault(wanted.Key)?.ToString(), wanted.Value))
                yield return point;
        }
    }

    private static long Sum(List<Metric> metrics, string name, (string Key, string Value)? tag = null) =>
        Points(metrics, name, tag).Sum(static p => p.GetSumLong());

    private static long Count(List<Metric> metrics, string name, (string Key, string Value)? tag = null) =>
        Points(metrics, name, tag).Sum(static p => p.GetHistogramCount());
}
