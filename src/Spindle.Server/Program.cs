using Spindle.Server.Hosting;

// Settings are read once, at start. Reloading appsettings.json on change would have the content root (the working
// directory) watched with an inotify watch on every folder below it: a slower start, and a failed one where that tree
// outgrows the system's watch limit. `--hostBuilder:reloadConfigOnChange=true` on the command line turns it back on.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
builder.AddSpindle();
var app = builder.Build();
app.MapSpindle();
app.Run();

/// <summary>The entry point; public so test hosts can reference the assembly.</summary>
public partial class Program;
