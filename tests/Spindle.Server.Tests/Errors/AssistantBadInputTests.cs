using Spindle.Testing;

namespace Spindle.Server.Tests.Errors;

public sealed class AssistantBadInputTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string A = "/v1/assistants";

    public static TheoryData<string, string, string?, int, string?, string?> Cases => new()
    {
        { "POST", A, """{"model":""", 400, null, null },
        { "POST", A, "", 400, null, null },
        { "POST", A, "[1]", 400, null, null },
        { "POST", A, """{"model":"gpt-4o","temperature":"hot"}""", 400, "temperature", "invalid_type" },
        { "POST", A, """{"model":"gpt-4o","tools":{}}""", 400, "tools", "invalid_type" },
        { "POST", A, """{"model":"gpt-4o","metadata":[]}""", 400, "metadata", "invalid_type" },
        { "POST", A, """{"model":"gpt-4o","metadata":{"k":5}}""", 400, "metadata.k", "invalid_type" },
        { "POST", A, """{"model":42}""", 400, "model", "invalid_type" },
        { "POST", A, """{"model":"gpt-4o","colour":"blue"}""", 400, "colour", "unknown_parameter" },
        { "POST", A, """{"model":"gpt-4o","file_ids":[]}""", 400, "file_ids", "unknown_parameter" },
        { "POST", A, """{"name":"Tutor"}""", 400, "model", "missing_required_parameter" },
        { "POST", A, """{"model":"gpt-4o","temperature":3}""", 400, "temperature", "invalid_value" },
        { "POST", A, """{"model":"gpt-4o","temperature":-0.1}""", 400, "temperature", "invalid_value" },
        { "POST", A, """{"model":"gpt-4o","top_p":2}""", 400, "top_p", "invalid_value" },
        { "POST", A, $$"""{"model":"gpt-4o","name":"{{new string('n', 257)}}"}""", 400, "name", "invalid_value" },
        { "POST", A, $$"""{"model":"gpt-4o","metadata":{{BadInput.Metadata17}}}""", 400, "metadata", "invalid_value" },
        { "POST", A, $$"""{"model":"gpt-4o","metadata":{{BadInput.MetadataKey65}}}""", 400, "metadata*", "invalid_value" },
        { "POST", A, $$"""{"model":"gpt-4o","metadata":{{BadInput.MetadataValue513}}}""", 400, "metadata*", "invalid_value" },
        { "POST", A, """{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"bad name!"}}]}""", 400, "tools[0].function.name", "invalid_value" },
        { "POST", A, """{"model":"gpt-4o","tools":[{"type":"function","function":{"description":"no name"}}]}""", 400, "tools[0].function.name", "missing_required_parameter" },
        { "POST", A, """{"model":"gpt-4o","tools":[{"type":"code_interpreter"},{"type":"browser"}]}""", 400, "tools[1].type", "invalid_value" },
        { "POST", A, """{"model":"gpt-4o","response_format":"xml"}""", 400, "response_format", "invalid_value" },
        { "POST", A, """{"model":"gpt-4o","reasoning_effort":"extreme"}""", 400, "reasoning_effort", "invalid_value" },
        { "POST", $"{A}/{{asst}}", """{"name":""", 400, null, null },
        { "POST", $"{A}/{{asst}}", """{"temperature":"hot"}""", 400, "temperature", "invalid_type" },
        { "POST", $"{A}/{{asst}}", """{"tools":{}}""", 400, "tools", "invalid_type" },
        { "POST", $"{A}/{{asst}}", """{"tools":null}""", 400, "tools", "invalid_type" },
        { "POST", $"{A}/{{asst}}", """{"model":null}""", 400, "model", "invalid_type" },
        { "POST", $"{A}/{{asst}}", """{"tool_resources":{"file_search":{"vector_store_ids":null}}}""", 400, "tool_resources.file_search.vector_store_ids", "invalid_type" },
        { "POST", $"{A}/{{asst}}", """{"tool_resources":{"code_interpreter":{"file_ids":[""]}}}""", 400, "tool_resources.code_interpreter.file_ids[0]", "invalid_value" },
        { "POST", $"{A}/{{asst}}", """{"tool_resources":{"code_interpreter":{"file_ids":["file-doesnotexist0000000000000"]}}}""", 404, "id", null },
        { "POST", $"{A}/{{asst}}", """{"tool_resources":{"file_search":{"vector_store_ids":["vs_doesnotexist00000000000000"]}}}""", 404, null, null },
        { "POST", $"{A}/{{asst}}", """{"tool_resources":{"file_search":{"colour":"blue"}}}""", 400, "tool_resources.file_search.colour", "unknown_parameter" },
        { "POST", A, """{"model":"gpt-4o","tool_resources":{"file_search":{"vector_stores":[{"file_ids":["file-doesnotexist0000000000000"]}]}}}""", 404, "id", null },
        { "POST", $"{A}/{{asst}}", """{"metadata":[]}""", 400, "metadata", "invalid_type" },
        { "POST", $"{A}/{{asst}}", """{"colour":"blue"}""", 400, "colour", "unknown_parameter" },
        { "POST", $"{A}/{{asst}}", """{"top_p":2}""", 400, "top_p", "invalid_value" },
        { "POST", $"{A}/{{asst}}", $$"""{"metadata":{{BadInput.Metadata17}}}""", 400, "metadata", "invalid_value" },
        { "POST", $"{A}/{{asst}}", """{"tools":[{"type":"retrieval"}]}""", 400, "tools[0].type", "invalid_value" },
        { "GET", $"{A}?limit=0", null, 400, "limit", "invalid_value" },
        { "GET", $"{A}?limit=101", null, 400, "limit", "invalid_value" },
        { "GET", $"{A}?limit=abc", null, 400, "limit", "invalid_type" },
        { "GET", $"{A}?order=sideways", null, 400, "order", "invalid_value" },
        { "GET", $"{A}/asst_doesnotexist0000000000000", null, 404, null, null },
        { "POST", $"{A}/asst_doesnotexist0000000000000", """{"name":"x"}""", 404, null, null },
        { "DELETE", $"{A}/asst_doesnotexist0000000000000", null, 404, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Bad_assistant_request_gets_the_error_envelope_and_changes_nothing(string method, string path, string? body, int status, string? param, string? code) =>
        BadInput.AssertRejectedAsync(spindle, method, path, body, status, param, code);
}
