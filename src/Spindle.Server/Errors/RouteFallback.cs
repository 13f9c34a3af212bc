using Spindle.Core.Errors;

namespace Spindle.Server.Errors;

/// <summary>Unknown routes (and known paths with another method) get OpenAI's envelope, never an empty 404.</summary>
internal static class RouteFallback
{
    public static void MapOpenAIFallback(this WebApplication app)
    {
        app.MapFallback(static context =>
        {
            var path = context.Request.Path.Value ?? "/";
            throw ApiErrors.UnknownRoute(context.Request.Method, path);
        });

    }
}
