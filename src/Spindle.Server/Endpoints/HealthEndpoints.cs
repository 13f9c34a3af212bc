using System.Text;
using System.Text.Json;
using Spindle.Core.Tools;
using Spindle.Core.Upstream;
using Spindle.Storage;

namespace Spindle.Server.Endpoints;

/// <summary>
/// <c>/healthz</c>: the process answers (liveness). <c>/readyz</c>: this node can serve, which is the database
/// reachable and fully migrated (503 otherwise); it also reports the code sandbox and the embedding model, which
/// only narrow what runs can do.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", static () => TypedResults.Text("""{"status":"ok"}""", "application/json"));
        app.MapGet("/readyz", ReadyAsync);
        return app;
    }

    private static async Task<IResult> ReadyAsync(
        DatabaseReadiness database, ICodeSandbox sandbox, IEmbeddingClient embeddings, CancellationToken cancellationToken)
    {
        var state = await database.CheckAsync(cancellationToken);
        var code = sandbox.CheckAvailability();
        var ready = state.Status == DatabaseStatus.Ready;

        using var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("status", ready ? "ready" : "not_ready");
            json.WriteStartObject("database");
            json.WriteString("provider", database.Provider);
            json.WriteString("status", state.Status switch
            {
                DatabaseStatus.Ready => "ok",
                DatabaseStatus.Unmigrated => "unmigrated",
                _ => "unreachable",
            });
            if (state.SchemaVersion is { } version)
                json.WriteNumber("schema_version", version);
            else
                json.WriteNull("schema_version");
            json.WriteNumber("expected_schema_version", state.ExpectedSchemaVersion);
            json.WriteString("detail", state.Detail);
            json.WriteEndObject();
            json.WriteStartObject("sandbox");
            json.WriteBoolean("available", code.IsAvailable);
            json.WriteString("detail", code.Detail);
            json.WriteEndObject();
            json.WriteStartObject("embeddings");
            // The model file search embeds with: the provider's, else the local one (loaded on first use), else none.
            json.WriteBoolean("configured", embeddings.IsConfigured);
            json.WriteString("model", embeddings.IsConfigured ? embeddings.Model : null);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return TypedResults.Text(Encoding.UTF8.GetString(body.ToArray()), "application/json", Encoding.UTF8, ready ? 200 : 503);
    }
}
