namespace Spindle.Server.Hosting;

/// <summary>Traces and metrics (<c>Spindle:Telemetry</c>); the exporters themselves read the standard <c>OTEL_*</c> variables.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Spindle:Telemetry";

    /// <summary>
    /// Collect traces and metrics. Null (the default) collects them when something exports them: an OTLP endpoint
    /// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or a per-signal one) or <see cref="Prometheus"/>.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Serve the metrics at <c>GET /metrics</c> in Prometheus' text format.</summary>
    public bool Prometheus { get; set; }
}
