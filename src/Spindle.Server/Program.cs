using Spindle.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSpindle();
var app = builder.Build();
app.MapSpindle();
app.Run();

/// <summary>The entry point; public so test hosts can reference the assembly.</summary>
public partial class Program;
