using Spindle.FakeUpstream;

// Two servers for bench/run.sh, each its own process on loopback:
//   --mode upstream  an OpenAI-compatible chat-completions server with a time to first token and a per-token delay
//   --mode bare      the CRUD baseline: minimal-API JSON endpoints shaped like Spindle's messages, with no storage
//   --mode proxy     the streaming baseline: chat completions passed through to --upstream URL byte for byte
// Started the way Spindle is: settings read once, the working directory not watched (see src/Spindle.Server/Program.cs).
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BareJsonContext.Default));
var app = builder.Build();
var mode = app.Configuration["mode"] ?? "upstream";
app.MapGet("/healthz", static () => TypedResults.Text("""{"status":"ok"}""", "application/json"));
if (mode == "bare")
{
    BareApi.Map(app);
}
else if (mode == "proxy")
{
    PassThrough.Map(app, new Uri(app.Configuration["upstream"] ?? throw new ArgumentException("--upstream URL is required with --mode proxy.")));
}
else
{
    ChatCompletions.Map(app, UpstreamTiming.From(app.Configuration));
}

app.Run();
