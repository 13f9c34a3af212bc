using System.Net;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Server.Tests.Errors;

/// <summary>
/// Assertions on OpenAI's error envelope <c>{"error":{"message","type","param","code"}}</c>: all four keys are
/// required, <c>param</c> and <c>code</c> may be null (ASSISTANTS_API.md §1.6). Python builds its exception from
/// <c>body["error"]</c>, so a missing key or a bare ProblemDetails body breaks clients.
/// </summary>
internal static class ErrorEnvelope
{
    /// <summary>
    /// Asserts the status and the envelope. <paramref name="param"/> ending in <c>*</c> matches by prefix, for
    /// params whose exact spelling OpenAI does not document (e.g. which metadata key is named).
    /// </summary>
    public static JsonElement Assert(Reply reply, HttpStatusCode status, string? param, string? code = null, string type = "invalid_request_error")
    {
        Xunit.Assert.True(status == reply.Status, $"Expected {(int)status}, got {(int)reply.Status}: {reply.Body}");
        var error = Shape(reply);
        Xunit.Assert.Equal(type, error.GetProperty("type").GetString());
        var actualParam = error.GetProperty("param").GetString();
        if (param is not null && param.EndsWith('*'))
        {
            Xunit.Assert.NotNull(actualParam);
            Xunit.Assert.StartsWith(param.TrimEnd('*'), actualParam, StringComparison.Ordinal);
        }
        else
        {
            Xunit.Assert.Equal(param, actualParam);
        }

        Xunit.Assert.Equal(code, error.GetProperty("code").GetString());
        return error;
    }

    /// <summary>Asserts only the envelope: an object with exactly the four keys, never a 500.</summary>
    public static JsonElement Shape(Reply reply)
    {
        Xunit.Assert.True((int)reply.Status is >= 400 and < 500, $"Expected a 4xx, got {(int)reply.Status}: {reply.Body}");
        using var document = JsonDocument.Parse(reply.Body);
        var root = document.RootElement;
        Xunit.Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Xunit.Assert.Equal(["error"], root.EnumerateObject().Select(p => p.Name));
        var error = root.GetProperty("error");
        Xunit.Assert.Equal(["code", "message", "param", "type"], error.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Xunit.Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Xunit.Assert.NotEmpty(error.GetProperty("message").GetString()!);
        Xunit.Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Xunit.Assert.Contains(error.GetProperty("param").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
        Xunit.Assert.Contains(error.GetProperty("code").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
        return error.Clone();
    }
}
