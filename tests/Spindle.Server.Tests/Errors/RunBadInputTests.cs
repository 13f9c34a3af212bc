using Spindle.Testing;

namespace Spindle.Server.Tests.Errors;

/// <summary>Runs and run steps. The seeded run has completed, so nothing here may start, resume or cancel it.</summary>
public sealed class RunBadInputTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string R = "/v1/threads/{thread}/runs";
    private const string Missing = "run_doesnotexist00000000000000";

    public static TheoryData<string, string, string?, int, string?, string?> Cases => new()
    {
        { "POST", R, "", 400, null, null },
        { "POST", R, """{"assistant_id":""", 400, null, null },
        { "POST", R, "{}", 400, "assistant_id", "missing_required_parameter" },
        { "POST", R, """{"assistant_id":"asst_doesnotexist0000000000000"}""", 404, null, null },
        { "POST", R, """{"assistant_id":"{asst}","temperature":"hot"}""", 400, "temperature", "invalid_type" },
        { "POST", R, """{"assistant_id":"{asst}","temperature":3}""", 400, "temperature", "invalid_value" },
        { "POST", R, """{"assistant_id":"{asst}","top_p":2}""", 400, "top_p", "invalid_value" },
        { "POST", R, """{"assistant_id":"{asst}","max_completion_tokens":10}""", 400, "max_completion_tokens", "invalid_value" },
        { "POST", R, """{"assistant_id":"{asst}","max_prompt_tokens":10}""", 400, "max_prompt_tokens", "invalid_value" },
        { "POST", R, """{"assistant_id":"{asst}","tools":{}}""", 400, "tools", "invalid_type" },
        { "POST", R, """{"assistant_id":"{asst}","tools":[{"type":"browser"}]}""", 400, "tools[0].type", "invalid_value" },
        { "POST", R, """{"assistant_id":"{asst}","tools":[{"type":"function","function":{"name":"has space"}}]}""", 400, "tools[0].function.name", "invalid_value" },
        { "POST", R, """{"assistant_id":"{asst}","metadata":[]}""", 400, "metadata", "invalid_type" },
        { "POST", R, $$"""{"assistant_id":"{asst}","metadata":{{BadInput.Metadata17}}}""", 400, "metadata", "invalid_value" },
        { "POST", R, """{"assistant_id":"{asst}","colour":"blue"}""", 400, "colour", "unknown_parameter" },
        { "POST", R, """{"assistant_id":"{asst}","thread":{}}""", 400, "thread", "unknown_parameter" },
        { "POST", R, """{"assistant_id":"{asst}","stream":"yes"}""", 400, "stream", "invalid_type" },
        { "POST", R, """{"assistant_id":"{asst}","tool_choice":"sometimes"}""", 400, "tool_choice", "invalid_value" },
        { "POST", R, """{"assistant_id":"{asst}","truncation_strategy":{"type":"last_messages"}}""", 400, "truncation_strategy.last_messages", "invalid_value" },
        { "POST", R, """{"assistant_id":"{asst}","additional_messages":[{"role":"user"}]}""", 400, "additional_messages[0].content", "missing_required_parameter" },
        { "POST", R, """{"assistant_id":"{asst}","additional_messages":[{"role":"system","content":"x"}]}""", 400, "additional_messages[0].role", "invalid_value" },
        { "POST", R, """{"assistant_id":"{asst}","stream":true,"temperature":3}""", 400, "temperature", "invalid_value" },
        { "POST", "/v1/threads/thread_doesnotexist000000000000/runs", """{"assistant_id":"{asst}"}""", 404, null, null },
        { "POST", "/v1/threads/runs", "{}", 400, "assistant_id", "missing_required_parameter" },
        { "POST", "/v1/threads/runs", """{"assistant_id":"{asst}","thread":null}""", 400, "thread", "invalid_type" },
        { "POST", "/v1/threads/runs", """{"assistant_id":"{asst}","parallel_tool_calls":null}""", 400, "parallel_tool_calls", "invalid_type" },
        { "POST", "/v1/threads/runs", """{"assistant_id":"{asst}","thread":{"messages":null}}""", 400, "thread.messages", "invalid_type" },
        { "POST", "/v1/threads/runs", """{"assistant_id":"{asst}","tool_resources":{"code_interpreter":{"file_ids":null}}}""", 400, "tool_resources.code_interpreter.file_ids", "invalid_type" },
        { "POST", "/v1/threads/runs", """{"assistant_id":"{asst}","tool_resources":{"file_search":{"vector_store_ids":["vs_doesnotexist00000000000000"]}}}""", 404, null, null },
        { "POST", R, """{"assistant_id":"{asst}","additional_messages":[{"role":"user","content":[{"type":"image_file","image_file":{"file_id":"file-doesnotexist0000000000000"}}]}]}""", 404, "id", null },
        { "POST", R, """{"assistant_id":"{asst}","additional_messages":[{"role":"user","content":"x","attachments":[{"file_id":"file-x","tools":null}]}]}""", 400, "additional_messages[0].attachments[0].tools", "invalid_type" },
        { "POST", R, """{"assistant_id":"{asst}","truncation_strategy":{"type":"auto","last_messages":0}}""", 400, "truncation_strategy.last_messages", "invalid_value" },
        { "POST", R, """{"assistant_id":"{asst}","tools":[{"type":"code_interpreter","colour":"blue"}]}""", 400, "tools[0].colour", "unknown_parameter" },
        { "POST", "/v1/threads/runs", """{"assistant_id":"asst_doesnotexist0000000000000"}""", 404, null, null },
        { "POST", "/v1/threads/runs", """{"assistant_id":"{asst}","additional_messages":[]}""", 400, "additional_messages", "unknown_parameter" },
        { "POST", "/v1/threads/runs", """{"assistant_id":"{asst}","thread":{"messages":[{"role":"user"}]}}""", 400, "thread.messages[0].content", "missing_required_parameter" },
        { "POST", "/v1/threads/runs", """{"assistant_id":"{asst}","thread":{"metadata":[]}}""", 400, "thread.metadata", "invalid_type" },
        { "GET", $"{R}?limit=0", null, 400, "limit", "invalid_value" },
        { "GET", $"{R}?limit=101", null, 400, "limit", "invalid_value" },
        { "GET", $"{R}?limit=abc", null, 400, "limit", "invalid_type" },
        { "GET", $"{R}?order=sideways", null, 400, "order", "invalid_value" },
        { "GET", "/v1/threads/thread_doesnotexist000000000000/runs", null, 404, null, null },
        { "GET", $"{R}/{Missing}", null, 404, null, null },
        { "GET", "/v1/threads/{other_thread}/runs/{run}", null, 404, null, null },
        { "POST", $"{R}/{Missing}", """{"metadata":{}}""", 404, null, null },
        { "POST", $"{R}/{{run}}", """{"metadata":""", 400, null, null },
        { "POST", $"{R}/{{run}}", """{"metadata":[]}""", 400, "metadata", "invalid_type" },
        { "POST", $"{R}/{{run}}", """{"status":"cancelled"}""", 400, "status", "unknown_parameter" },
        { "POST", $"{R}/{{run}}", $$"""{"metadata":{{BadInput.MetadataKey65}}}""", 400, "metadata*", "invalid_value" },
        { "POST", $"{R}/{Missing}/cancel", null, 404, null, null },
        { "POST", $"{R}/{Missing}/submit_tool_outputs", """{"tool_outputs":[]}""", 404, null, null },
        { "POST", $"{R}/{{run}}/submit_tool_outputs", """{"tool_outputs":""", 400, null, null },
        { "POST", $"{R}/{{run}}/submit_tool_outputs", """{"tool_outputs":{}}""", 400, "tool_outputs", "invalid_type" },
        { "POST", $"{R}/{{run}}/submit_tool_outputs", """{"tool_outputs":[],"colour":1}""", 400, "colour", "unknown_parameter" },
        { "POST", $"{R}/{{run}}/submit_tool_outputs", """{"tool_outputs":[{"tool_call_id":"call_x","output":"1"}]}""", 400, null, null },
        { "POST", $"{R}/{{run}}/cancel", null, 400, null, null },
        { "GET", $"{R}/{{run}}/steps?limit=0", null, 400, "limit", "invalid_value" },
        { "GET", $"{R}/{{run}}/steps?limit=abc", null, 400, "limit", "invalid_type" },
        { "GET", $"{R}/{{run}}/steps?order=sideways", null, 400, "order", "invalid_value" },
        { "GET", $"{R}/{{run}}/steps/step_doesnotexist0000000000000", null, 404, null, null },
        { "GET", $"{R}/{Missing}/steps", null, 404, null, null },
        { "GET", $"{R}/{Missing}/steps/{{step}}", null, 404, null, null },
        { "GET", "/v1/threads/{other_thread}/runs/{run}/steps/{step}", null, 404, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Bad_run_or_step_request_gets_the_error_envelope_and_changes_nothing(string method, string path, string? body, int status, string? param, string? code) =>
        BadInput.AssertRejectedAsync(spindle, method, path, body, status, param, code);
}
