using Spindle.Storage;

namespace Spindle.Server.Hosting;

/// <summary>What running Spindle in production needs besides the API: readiness, telemetry and log format.</summary>
public static class OperationsHosting
{
    public static WebApplicationBuilder AddSpindleOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<DatabaseReadiness>();
        return builder;
    }
}
