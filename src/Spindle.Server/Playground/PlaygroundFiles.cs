using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Spindle.Core;

namespace Spindle.Server.Playground;

/// <summary>
/// Serves the built playground (<c>web/</c>, built into <c>playground/</c> beside the executable) at
/// <c>/</c>, same origin as <c>/v1</c>. The page calls the API with the key the user types, like any other client.
/// </summary>
internal static partial class PlaygroundFiles
{
    // Defence in depth under the sanitizer: even markup that got through could run no inline script or handler,
    // and could talk to no other origin.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static void UsePlayground(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<PlaygroundOptions>>().Value;
        if (!options.Enabled)
        {
            return;
        }

        if (!File.Exists(Path.Combine(options.Directory, "index.html")))
        {
            Log.NotBuilt(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Spindle.Playground"), options.Directory);
            app.MapGet("/", static () => TypedResults.Content(NotBuiltPage, "text/html; charset=utf-8"));
            return;
        }

        // Not for the API: the default-files middleware looks for a directory named after every GET's path, a call
        // into the file system for each retrieve and list under /v1.
        var files = new PhysicalFileProvider(Path.GetFullPath(options.Directory));
        app.UseWhen(static context => !context.Request.Path.StartsWithSegments("/v1"), playground => playground
            .UseDefaultFiles(new DefaultFilesOptions { FileProvider = files })
            .UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = static context =>
                {
                    var headers = context.Context.Response.Headers;
                    // Vite names every asset after its hash; only index.html changes under the same name.
                    headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache";
                    headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                    headers[HeaderNames.XContentTypeOptions] = "nosniff";
                },
            }));
    }

    private const string NotBuiltPage = """
        <!doctype html><meta charset="utf-8"><title>Spindle</title>
        <h1>Spindle is running; the playground was not built</h1>
        <p>The API is at <code>/v1</code>. The web playground is built from <code>web/</code> by
        <code>dotnet build</code> when Node.js 20+ and npm are on the PATH: install them and build again.</p>
        """;

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.NoPlayground, Level = LogLevel.Warning, Message = "The playground is enabled but not built ({Directory} has no index.html): install Node.js 20+ and npm, then build again")]
        public static partial void NotBuilt(ILogger logger, string directory);
    }
}
