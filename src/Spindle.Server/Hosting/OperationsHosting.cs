using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Spindle.Core.Queue;
using Spindle.Core.Telemetry;
using Spindle.Core.VectorStores;
using Spindle.Storage;

namespace Spindle.Server.Hosting;

/// <summary>
/// What running Spindle in production needs besides the API: readiness, OpenTelemetry traces and metrics (OTLP
/// and Prometheus exporters, ASP.NET Core, HttpClient and Npgsql instrumentation) and run-scoped logs.
/// </summary>
public static class OperationsHosting
{
    private static readonly string[] OtlpEndpoints =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];

    public static WebApplicationBuilder AddSpindleOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton<DatabaseReadiness>();
        Decorate<IRunQueue>(services, static (_, inner) => new InstrumentedRunQueue(inner));
        Decorate<IIngestionQueue>(services, static (_, inner) => new InstrumentedIngestionQueue(inner));

        // Console logs name their run: the executor opens a RunId scope, which both formatters print when asked to.
        configuration["Logging:Console:FormatterOptions:IncludeScopes"] ??= "true";

        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);
        var otlp = OtlpEndpoints.Any(name => !string.IsNullOrEmpty(configuration[name]));
        if (!(options.Enabled ?? (otlp || options.Prometheus)))
            return builder;

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "spindle"))
            .WithTracing(tracing => tracing
                .AddSource(SpindleTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SpindleTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (options.Prometheus)
                    metrics.AddPrometheusExporter();
            });
        if (otlp)
        {
            builder.Logging.AddOpenTelemetry(static logging => logging.IncludeScopes = true);
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static WebApplication MapSpindleOperations(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value.Prometheus)
            app.MapPrometheusScrapingEndpoint();
        return app;
    }

    private static void Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> decorate)
        where T : class
    {
        var registered = services.LastOrDefault(static d => d.ServiceType == typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} must be registered before it is decorated.");
        services.Remove(registered);
        services.AddSingleton(provider => decorate(provider, registered switch
        {
            { ImplementationInstance: T instance } => instance,
            { ImplementationFactory: { } factory } => (T)factory(provider),
            _ => (T)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!),
        }));
    }
}
