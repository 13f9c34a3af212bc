using System.Text.Json.Serialization;

namespace Spindle.FakeUpstream;

/// <summary>
/// The CRUD baseline: what a minimal-API JSON endpoint costs on this machine, hosted the way Spindle is (Kestrel,
/// source-generated System.Text.Json). Create binds the same request body and answers a message-shaped object;
/// list answers a page of 20 of them. Nothing is validated or stored: the ratio to it is Spindle's whole cost.
/// </summary>
internal static class BareApi
{
    private static readonly BareMessage[] Page = [.. Enumerable.Range(0, 20).Select(i => NewMessage("thread_bench", $"message {i}"))];

    public static void Map(WebApplication app)
    {
        app.MapPost("/v1/threads/{threadId}/messages", static (string threadId, BareCreateMessage request) =>
            TypedResults.Json(NewMessage(threadId, request.Content), BareJsonContext.Default.BareMessage));
        app.MapGet("/v1/threads/{threadId}/messages", static (string threadId) =>
            TypedResults.Json(new BareList(Page, Page[0].Id, Page[^1].Id, false), BareJsonContext.Default.BareList));
    }

    private static BareMessage NewMessage(string threadId, string content) => new(
        $"msg_{Guid.NewGuid():N}", "thread.message", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), threadId, "completed", "user",
        [new BareContent("text", new BareText(content, []))], new Dictionary<string, string>());
}

internal sealed record BareCreateMessage(string Role, string Content);

internal sealed record BareText(string Value, string[] Annotations);

internal sealed record BareContent(string Type, BareText Text);

internal sealed record BareMessage(
    string Id, string Object, long CreatedAt, string ThreadId, string Status, string Role, BareContent[] Content,
    Dictionary<string, string> Metadata);

internal sealed record BareList(BareMessage[] Data, string FirstId, string LastId, bool HasMore)
{
    public string Object => "list";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BareCreateMessage))]
[JsonSerializable(typeof(BareMessage))]
[JsonSerializable(typeof(BareList))]
internal sealed partial class BareJsonContext : JsonSerializerContext;
