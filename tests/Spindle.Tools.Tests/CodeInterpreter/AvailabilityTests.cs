using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spindle.Core.Tools;
using Spindle.Tools.CodeInterpreter;

namespace Spindle.Tools.Tests.CodeInterpreter;

[SupportedOSPlatform("linux")]
public sealed class AvailabilityTests
{
    [Fact]
    public void This_host_has_what_the_sandbox_needs()
    {
        using var sandbox = TestSandbox.Create();

        var availability = sandbox.Sandbox.CheckAvailability();

        Assert.True(availability.IsAvailable, availability.Detail);
        Assert.StartsWith("Code sandbox ready: /usr/bin/bwrap with /usr/bin/python3 (numpy, pandas, matplotlib)", availability.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_bubblewrap_makes_execute_throw_naming_it_and_the_install_script()
    {
        using var sandbox = TestSandbox.Create(static o => o.BubblewrapPath = "/nonexistent/bwrap");

        var availability = sandbox.Sandbox.CheckAvailability();
        var error = await Assert.ThrowsAsync<SandboxUnavailableException>(() => sandbox.RunAsync("print(1)"));

        Assert.False(availability.IsAvailable);
        Assert.Equal("bubblewrap is not installed: /nonexistent/bwrap does not exist (run scripts/install-sandbox-deps.sh, Debian package bubblewrap).", availability.Detail);
        Assert.Equal($"The code_interpreter sandbox is unavailable: {availability.Detail}", error.Message);
    }

    [Fact]
    public void The_command_line_unshares_everything_and_binds_only_the_system_read_only()
    {
        var options = new CodeInterpreterOptions { SandboxUid = 4242 };

        var argv = BubblewrapCommand.Build(options, "/srv/sandbox/thread_1", dropToSandboxUid: true, ["-c", "pass"]);
        var line = string.Join(' ', argv);

        Assert.StartsWith("/usr/bin/prlimit --as=1073741824 --fsize=104857600 --nofile=256 --core=0 -- /usr/bin/setpriv --reuid=4242 --regid=4242 --clear-groups -- /usr/bin/bwrap --unshare-all --unshare-user --disable-userns", line, StringComparison.Ordinal);
        Assert.Contains("--die-with-parent --new-session --ro-bind /usr /usr", line, StringComparison.Ordinal);
        Assert.Contains("--bind /srv/sandbox/thread_1 /mnt/data --remount-ro /dev --remount-ro / --chdir /mnt/data --clearenv", line, StringComparison.Ordinal);
        Assert.EndsWith("-- /usr/bin/prlimit --nproc=64 -- /usr/bin/python3 -B -s -c pass", line, StringComparison.Ordinal);
        Assert.DoesNotContain("/etc /etc", line, StringComparison.Ordinal);
        Assert.Equal(["--bind"], argv.Where(static a => a is "--bind" or "--bind-try" or "--dev-bind"));
    }

    [Fact]
    public void Add_spindle_code_interpreter_registers_one_sandbox_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Spindle:CodeInterpreter:WorkRoot"] = Path.Combine(Path.GetTempPath(), "spindle-unused"),
            ["Spindle:CodeInterpreter:TimeoutSeconds"] = "5",
        }).Build();
        using var provider = Services(configuration);

        var sandbox = provider.GetRequiredService<ICodeSandbox>();

        Assert.IsType<BubblewrapSandbox>(sandbox);
        Assert.Same(sandbox, provider.GetRequiredService<ICodeSandbox>());
        Assert.Equal(5, provider.GetRequiredService<IOptions<CodeInterpreterOptions>>().Value.TimeoutSeconds);
    }

    [Fact]
    public void An_out_of_range_limit_fails_validation_naming_its_configuration_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Spindle:CodeInterpreter:MemoryMegabytes"] = "10",
        }).Build();
        using var provider = Services(configuration);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CodeInterpreterOptions>>().Value);

        Assert.Contains("Spindle:CodeInterpreter:MemoryMegabytes must be between 256 and 65536; got 10.", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        return services.AddSpindleCodeInterpreter(configuration).BuildServiceProvider();
    }
}
