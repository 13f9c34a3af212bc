using Spindle.Testing;

namespace Spindle.Server.Tests.Errors;

public sealed class MessageBadInputTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string M = "/v1/threads/{thread}/messages";

    public static TheoryData<string, string, string?, int, string?, string?> Cases => new()
    {
        { "POST", M, "", 400, null, null },
        { "POST", M, """{"role":""", 400, null, null },
        { "POST", M, """{"role":"user"}""", 400, "content", "missing_required_parameter" },
        { "POST", M, """{"content":"hi"}""", 400, "role", "missing_required_parameter" },
        { "POST", M, """{"role":"system","content":"hi"}""", 400, "role", "invalid_value" },
        { "POST", M, """{"role":"user","content":5}""", 400, "content", "invalid_type" },
        { "POST", M, """{"role":"user","content":[]}""", 400, "content", "invalid_value" },
        { "POST", M, """{"role":"user","content":[{"type":"video","video":{}}]}""", 400, "content[0].type", "invalid_value" },
        { "POST", M, """{"role":"user","content":[{"type":"image_url","image_url":{}}]}""", 400, "content[0].image_url.url", "missing_required_parameter" },
        { "POST", M, """{"role":"user","content":"hi","file_ids":[]}""", 400, "file_ids", "unknown_parameter" },
        { "POST", M, """{"role":"user","content":"hi","metadata":[]}""", 400, "metadata", "invalid_type" },
        { "POST", M, """{"role":"user","content":"hi","attachments":{}}""", 400, "attachments", "invalid_type" },
        { "POST", M, """{"role":"user","content":"hi","attachments":[{"file_id":"file-x","tools":null}]}""", 400, "attachments[0].tools", "invalid_type" },
        { "POST", M, """{"role":"user","content":"hi","attachments":[{"file_id":"file-doesnotexist0000000000000","tools":[{"type":"code_interpreter"}]}]}""", 404, "id", null },
        { "POST", M, """{"role":"user","content":[{"type":"image_file","image_file":{"file_id":"file-doesnotexist0000000000000"}}]}""", 404, "id", null },
        { "POST", M, $$"""{"role":"user","content":"hi","metadata":{{BadInput.Metadata17}}}""", 400, "metadata", "invalid_value" },
        { "POST", M, $$"""{"role":"user","content":"hi","metadata":{{BadInput.MetadataKey65}}}""", 400, "metadata*", "invalid_value" },
        { "POST", M, $$"""{"role":"user","content":"hi","metadata":{{BadInput.MetadataValue513}}}""", 400, "metadata*", "invalid_value" },
        { "POST", "/v1/threads/thread_doesnotexist000000000000/messages", """{"role":"user","content":"hi"}""", 404, null, null },
        { "GET", "/v1/threads/thread_doesnotexist000000000000/messages", null, 404, null, null },
        { "GET", $"{M}?limit=0", null, 400, "limit", "invalid_value" },
        { "GET", $"{M}?limit=101", null, 400, "limit", "invalid_value" },
        { "GET", $"{M}?limit=abc", null, 400, "limit", "invalid_type" },
        { "GET", $"{M}?order=sideways", null, 400, "order", "invalid_value" },
        { "GET", $"{M}/msg_doesnotexist000000000000000", null, 404, null, null },
        { "GET", $"{M}/{{other_msg}}", null, 404, null, null },
        { "POST", $"{M}/{{other_msg}}", """{"metadata":{"a":"b"}}""", 404, null, null },
        { "DELETE", $"{M}/{{other_msg}}", null, 404, null, null },
        { "DELETE", $"{M}/msg_doesnotexist000000000000000", null, 404, null, null },
        { "POST", $"{M}/{{msg}}", """{"metadata":""", 400, null, null },
        { "POST", $"{M}/{{msg}}", """{"metadata":[]}""", 400, "metadata", "invalid_type" },
        { "POST", $"{M}/{{msg}}", """{"role":"assistant"}""", 400, "role", "unknown_parameter" },
        { "POST", $"{M}/{{msg}}", $$"""{"metadata":{{BadInput.Metadata17}}}""", 400, "metadata", "invalid_value" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Bad_message_request_gets_the_error_envelope_and_changes_nothing(string method, string path, string? body, int status, string? param, string? code) =>
        BadInput.AssertRejectedAsync(spindle, method, path, body, status, param, code);
}
