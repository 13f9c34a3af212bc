using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spindle.Core.Storage;

namespace Spindle.Storage;

/// <summary>
/// Builds the store while the host starts, so an unreachable database or a failing migration stops the process
/// at start-up instead of failing the first request. Building the store is what migrates it (AddSpindleStorage).
/// </summary>
internal sealed class StorageStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IObjectStore>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
