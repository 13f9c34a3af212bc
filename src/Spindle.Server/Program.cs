using Spindle.Server.Hosting;

WebApplication app;
try
{
    // Settings are read once, at start. Reloading appsettings.json on change would have the content root (the working
    // directory) watched with an inotify watch on every folder below it: a slower start, and a failed one where that tree
    // outgrows the system's watch limit. `--hostBuilder:reloadConfigOnChange=true` on the command line turns it back on.
    var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
    builder.AddSpindle();
    app = builder.Build();
    app.MapSpindle();
    await app.StartAsync();
}
catch (Exception e) when (e is not HostAbortedException)
{
    // A setting that does not validate, a database that cannot be reached, a port in use: said in one line, and the
    // process exits with 1. An exception in the host's start is also logged whole, by the host. (Tools that build the
    // host without running it, such as WebApplicationFactory, stop it with HostAbortedException.)
    await Console.Error.WriteLineAsync(StartFailure.Describe(e));
    return 1;
}

// As app.Run() does: serve until stopped, then stop and dispose the services (the store's last checkpoint).
await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;

/// <summary>The entry point; public so test hosts can reference the assembly.</summary>
public partial class Program;
