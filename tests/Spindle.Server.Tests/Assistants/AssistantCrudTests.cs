using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spindle.Server.Tests.Errors;
using Spindle.Testing;

namespace Spindle.Server.Tests.Assistants;

public sealed partial class AssistantCrudTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Created_assistant_carries_every_field_OpenAI_sends_with_explicit_nulls_and_defaults()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var reply = await spindle.PostAsync("/v1/assistants",
            """{"model":"gpt-4o","name":"Math Tutor","instructions":"You are a personal math tutor.","tools":[{"type":"code_interpreter"}]}""", ct);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var a = reply.Json;
        Assert.Equal(
            ["created_at", "description", "id", "instructions", "metadata", "model", "name", "object", "reasoning_effort", "response_format", "temperature", "tool_resources", "tools", "top_p"],
            a.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Matches(AssistantId(), a.GetProperty("id").GetString());
        Assert.Equal("assistant", a.GetProperty("object").GetString());
        Assert.InRange(a.GetProperty("created_at").GetInt64(), before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal("Math Tutor", a.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("description").ValueKind);
        Assert.Equal("gpt-4o", a.GetProperty("model").GetString());
        Assert.Equal("You are a personal math tutor.", a.GetProperty("instructions").GetString());
        Assert.Equal("""[{"type":"code_interpreter"}]""", a.GetProperty("tools").GetRawText());
        Assert.Equal("{}", a.GetProperty("tool_resources").GetRawText());
        Assert.Equal("{}", a.GetProperty("metadata").GetRawText());
        Assert.Equal(1.0, a.GetProperty("temperature").GetDouble());
        Assert.Equal(1.0, a.GetProperty("top_p").GetDouble());
        Assert.Equal("\"auto\"", a.GetProperty("response_format").GetRawText());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("reasoning_effort").ValueKind);
    }

    [Fact]
    public async Task Assistant_with_only_a_model_sends_null_name_and_instructions_and_empty_tools()
    {
        var ct = TestContext.Current.CancellationToken;

        var a = (await spindle.PostAsync("/v1/assistants", """{"model":"gpt-4o"}""", ct)).Json;

        Assert.Equal(JsonValueKind.Null, a.GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.Null, a.GetProperty("instructions").ValueKind);
        Assert.Equal("[]", a.GetProperty("tools").GetRawText());
    }

    [Fact]
    public async Task Function_tool_is_echoed_with_strict_false_and_metadata_round_trips()
    {
        var ct = TestContext.Current.CancellationToken;

        var a = (await spindle.PostAsync("/v1/assistants",
            """{"model":"gpt-4o","metadata":{"team":"math"},"tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{}}}}]}""", ct)).Json;

        var function = a.GetProperty("tools")[0].GetProperty("function");
        Assert.Equal("get_weather", function.GetProperty("name").GetString());
        Assert.Equal("Weather", function.GetProperty("description").GetString());
        Assert.Equal("""{"type":"object","properties":{}}""", function.GetProperty("parameters").GetRawText());
        Assert.False(function.GetProperty("strict").GetBoolean());
        Assert.Equal("""{"team":"math"}""", a.GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task Get_returns_the_same_json_as_create()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await spindle.PostAsync("/v1/assistants", """{"model":"gpt-4o","name":"Echo","description":"d","temperature":0.5,"top_p":0.25}""", ct);

        var fetched = await spindle.GetAsync($"/v1/assistants/{created.Id}", ct);

        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(created.Body, fetched.Body);
        Assert.Equal(0.5, fetched.Json.GetProperty("temperature").GetDouble());
        Assert.Equal(0.25, fetched.Json.GetProperty("top_p").GetDouble());
    }

    [Fact]
    public async Task List_contains_created_assistants_newest_first_in_a_list_envelope()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await spindle.PostAsync("/v1/assistants", """{"model":"gpt-4o","name":"first"}""", ct);
        var second = await spindle.PostAsync("/v1/assistants", """{"model":"gpt-4o","name":"second"}""", ct);

        var list = (await spindle.GetAsync("/v1/assistants?limit=100", ct)).Json;

        Assert.Equal("list", list.GetProperty("object").GetString());
        var ids = list.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToList();
        Assert.True(ids.IndexOf(second.Id) < ids.IndexOf(first.Id));
        Assert.Equal(second.Body, list.GetProperty("data")[ids.IndexOf(second.Id)].GetRawText());
        Assert.Equal(ids[0], list.GetProperty("first_id").GetString());
        Assert.Equal(ids[^1], list.GetProperty("last_id").GetString());
    }

    [Fact]
    public async Task Modify_changes_only_the_fields_given_and_replaces_tools()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = (await spindle.PostAsync("/v1/assistants",
            """{"model":"gpt-4o","name":"Tutor","description":"old","instructions":"Be kind.","metadata":{"a":"1"},"temperature":0.3,"tools":[{"type":"code_interpreter"},{"type":"file_search"}]}""", ct)).Json;
        var id = created.GetProperty("id").GetString();

        var modified = await spindle.PostAsync($"/v1/assistants/{id}",
            """{"description":"new","tools":[{"type":"function","function":{"name":"lookup"}}]}""", ct);

        Assert.Equal(HttpStatusCode.OK, modified.Status);
        var m = modified.Json;
        Assert.Equal("new", m.GetProperty("description").GetString());
        Assert.Equal("lookup", m.GetProperty("tools").EnumerateArray().Single().GetProperty("function").GetProperty("name").GetString());
        foreach (var kept in new[] { "id", "created_at", "name", "model", "instructions", "metadata", "temperature", "top_p", "response_format", "tool_resources" })
        {
            Assert.Equal(created.GetProperty(kept).GetRawText(), m.GetProperty(kept).GetRawText());
        }

        Assert.Equal(modified.Body, (await spindle.GetAsync($"/v1/assistants/{id}", ct)).Body);
    }

    [Fact]
    public async Task Modify_with_metadata_replaces_the_whole_map()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await spindle.PostAsync("/v1/assistants", """{"model":"gpt-4o","metadata":{"a":"1","b":"2"}}""", ct);

        var modified = await spindle.PostAsync($"/v1/assistants/{created.Id}", """{"metadata":{"c":"3"},"model":"gpt-4o-mini"}""", ct);

        Assert.Equal("""{"c":"3"}""", modified.Json.GetProperty("metadata").GetRawText());
        Assert.Equal("gpt-4o-mini", modified.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Delete_answers_assistant_deleted_and_the_assistant_is_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await spindle.PostAsync("/v1/assistants", """{"model":"gpt-4o"}""", ct);

        var deleted = await spindle.DeleteAsync($"/v1/assistants/{created.Id}", ct);

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal($$"""{"id":"{{created.Id}}","object":"assistant.deleted","deleted":true}""", deleted.Body);
        ErrorEnvelope.Assert(await spindle.GetAsync($"/v1/assistants/{created.Id}", ct), HttpStatusCode.NotFound, null);
        ErrorEnvelope.Assert(await spindle.DeleteAsync($"/v1/assistants/{created.Id}", ct), HttpStatusCode.NotFound, null);
        var list = await spindle.GetAsync("/v1/assistants?limit=100", ct);
        Assert.DoesNotContain(created.Id, list.Body, StringComparison.Ordinal);
    }

    [GeneratedRegex("^asst_[0-9A-Za-z]{24}$")]
    private static partial Regex AssistantId();
}
