using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spindle.Core.Tools;
using Spindle.Tools.CodeInterpreter;

namespace Spindle.Tools;

public static class CodeInterpreterServiceCollectionExtensions
{
    /// <summary>
    /// Registers the bubblewrap <see cref="ICodeSandbox"/> as a singleton, configured from <c>Spindle:CodeInterpreter</c>
    /// and validated at start-up. Whether the host has bubblewrap and Debian's Python packages is not checked here; the
    /// server logs <see cref="ICodeSandbox.CheckAvailability"/> at start-up.
    /// </summary>
    public static IServiceCollection AddSpindleCodeInterpreter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<CodeInterpreterOptions>()
            .Bind(configuration.GetSection(CodeInterpreterOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CodeInterpreterOptions>, CodeInterpreterOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ICodeSandbox>(static sp => OperatingSystem.IsLinux()
            ? new BubblewrapSandbox(
                sp.GetRequiredService<IOptions<CodeInterpreterOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<BubblewrapSandbox>>())
            : throw new PlatformNotSupportedException("The code_interpreter sandbox needs Linux: it runs code under bubblewrap."));
        return services;
    }
}
