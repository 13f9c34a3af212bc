using System.Net;
using System.Text.Json;

namespace Spindle.Testing;

/// <summary>An HTTP answer: status, raw body and headers (lower-case names).</summary>
public sealed record Reply(HttpStatusCode Status, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Id => Json.GetProperty("id").GetString()!;

    public JsonElement Error => Json.GetProperty("error");
}
