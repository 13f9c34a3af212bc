using Spindle.Testing;

namespace Spindle.Server.Tests.Errors;

public sealed class ThreadBadInputTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string T = "/v1/threads";

    public static TheoryData<string, string, string?, int, string?, string?> Cases => new()
    {
        { "POST", T, """{"messages":""", 400, null, null },
        { "POST", T, """{"messages":{}}""", 400, "messages", "invalid_type" },
        { "POST", T, """{"messages":null}""", 400, "messages", "invalid_type" },
        { "POST", T, """{"messages":[{"role":"user","content":[{"type":"image_file","image_file":{"file_id":"file-doesnotexist0000000000000"}}]}]}""", 404, "id", null },
        { "POST", T, """{"tool_resources":{"code_interpreter":{"file_ids":["file-doesnotexist0000000000000"]}}}""", 404, "id", null },
        { "POST", T, """{"tool_resources":{"file_search":{"vector_store_ids":["vs_doesnotexist00000000000000"]}}}""", 404, null, null },
        { "POST", "/v1/threads/{thread}", """{"tool_resources":{"file_search":{"vector_store_ids":["vs_doesnotexist00000000000000"]}}}""", 404, null, null },
        { "POST", T, """{"metadata":[]}""", 400, "metadata", "invalid_type" },
        { "POST", T, """{"topic":"algebra"}""", 400, "topic", "unknown_parameter" },
        { "POST", T, """{"messages":[{"role":"user","content":"hi","file_ids":[]}]}""", 400, "messages[0].file_ids", "unknown_parameter" },
        { "POST", T, """{"messages":[{"content":"hi"}]}""", 400, "messages[0].role", "missing_required_parameter" },
        { "POST", T, """{"messages":[{"role":"user","content":"ok"},{"role":"user"}]}""", 400, "messages[1].content", "missing_required_parameter" },
        { "POST", T, """{"messages":[{"role":"system","content":"hi"}]}""", 400, "messages[0].role", "invalid_value" },
        { "POST", T, $$"""{"metadata":{{BadInput.Metadata17}}}""", 400, "metadata", "invalid_value" },
        { "POST", T, $$"""{"metadata":{{BadInput.MetadataKey65}}}""", 400, "metadata*", "invalid_value" },
        { "POST", T, $$"""{"messages":[{"role":"user","content":"hi","metadata":{{BadInput.MetadataValue513}}}]}""", 400, "messages[0].metadata*", "invalid_value" },
        { "POST", $"{T}/{{thread}}", """{""", 400, null, null },
        { "POST", $"{T}/{{thread}}", """{"metadata":[]}""", 400, "metadata", "invalid_type" },
        { "POST", $"{T}/{{thread}}", """{"metadata":{"k":5}}""", 400, "metadata.k", "invalid_type" },
        { "POST", $"{T}/{{thread}}", """{"messages":[]}""", 400, "messages", "unknown_parameter" },
        { "POST", $"{T}/{{thread}}", """{"topic":"x"}""", 400, "topic", "unknown_parameter" },
        { "POST", $"{T}/{{thread}}", $$"""{"metadata":{{BadInput.MetadataValue513}}}""", 400, "metadata*", "invalid_value" },
        { "GET", $"{T}/thread_doesnotexist000000000000", null, 404, null, null },
        { "POST", $"{T}/thread_doesnotexist000000000000", """{"metadata":{}}""", 404, null, null },
        { "DELETE", $"{T}/thread_doesnotexist000000000000", null, 404, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Bad_thread_request_gets_the_error_envelope_and_changes_nothing(string method, string path, string? body, int status, string? param, string? code) =>
        BadInput.AssertRejectedAsync(spindle, method, path, body, status, param, code);
}
