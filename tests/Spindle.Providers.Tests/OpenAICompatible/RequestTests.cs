using System.Text.Json;
using Spindle.Core.Upstream;
using Spindle.Providers.OpenAICompatible;
using Spindle.Testing;

namespace Spindle.Providers.Tests.OpenAICompatible;

public sealed class RequestTests : ModelClientTests
{
    [Fact]
    public async Task The_request_carries_model_messages_tools_and_sampling_settings()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = new ModelRequest("gpt-4o",
        [
            new ModelMessage.System("Be brief."),
            new ModelMessage.User("Weather in Paris?", []),
            new ModelMessage.Assistant(null, [new ModelToolCall("call_1", "get_weather", """{"city":"Paris"}""")]),
            new ModelMessage.Tool("call_1", "18C and sunny"),
        ])
        {
            Tools = [new ModelTool("get_weather", "Current weather", """{"type":"object","properties":{"city":{"type":"string"}}}""", true)],
            ToolChoice = "required",
            ParallelToolCalls = false,
            Temperature = 0.25f,
            TopP = 0.5f,
            MaxCompletionTokens = 256,
            ResponseFormat = new ModelResponseFormat("json_schema", "weather", """{"type":"object"}""", Strict: true),
        };

        await Client.StreamAsync(request, ct).ToListAsync(ct);

        var body = Assert.Single(Upstream.Requests).Json;
        Assert.Equal("gpt-4o", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(0.25, body.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(0.5, body.GetProperty("top_p").GetDouble(), 3);
        Assert.Equal(256, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal("required", body.GetProperty("tool_choice").GetString());
        Assert.False(body.GetProperty("parallel_tool_calls").GetBoolean());

        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user", "assistant", "tool"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Be brief.", messages[0].GetProperty("content").GetString());
        var call = Assert.Single(messages[2].GetProperty("tool_calls").EnumerateArray().ToList());
        Assert.Equal(("call_1", "function", "get_weather", """{"city":"Paris"}"""), (
            call.GetProperty("id").GetString(),
            call.GetProperty("type").GetString(),
            call.GetProperty("function").GetProperty("name").GetString(),
            call.GetProperty("function").GetProperty("arguments").GetString()));
        Assert.Equal("call_1", messages[3].GetProperty("tool_call_id").GetString());
        Assert.Equal("18C and sunny", messages[3].GetProperty("content").GetString());

        var tool = Assert.Single(body.GetProperty("tools").EnumerateArray().ToList());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        var function = tool.GetProperty("function");
        Assert.Equal("get_weather", function.GetProperty("name").GetString());
        Assert.Equal("Current weather", function.GetProperty("description").GetString());
        Assert.True(function.GetProperty("strict").GetBoolean());
        Assert.Equal("string", function.GetProperty("parameters").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());

        var format = body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("weather", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
    }

    [Fact]
    public async Task A_named_function_tool_choice_is_sent_as_a_function_object()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = Requests.SayHi() with
        {
            Tools = [new ModelTool("lookup", null, null, null)],
            ToolChoiceFunction = "lookup",
        };

        await Client.StreamAsync(request, ct).ToListAsync(ct);

        var choice = Assert.Single(Upstream.Requests).Json.GetProperty("tool_choice");
        Assert.Equal("function", choice.GetProperty("type").GetString());
        Assert.Equal("lookup", choice.GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task No_tool_settings_are_sent_without_tools()
    {
        var ct = TestContext.Current.CancellationToken;

        await Client.StreamAsync(Requests.SayHi() with { ToolChoice = "auto", ParallelToolCalls = true }, ct).ToListAsync(ct);

        var body = Assert.Single(Upstream.Requests).Json;
        Assert.False(body.TryGetProperty("tools", out _));
        Assert.False(body.TryGetProperty("tool_choice", out _));
        Assert.False(body.TryGetProperty("parallel_tool_calls", out _));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json_object")]
    public async Task A_simple_response_format_is_sent_by_type(string type)
    {
        var ct = TestContext.Current.CancellationToken;

        await Client.StreamAsync(Requests.SayHi() with { ResponseFormat = new ModelResponseFormat(type) }, ct).ToListAsync(ct);

        Assert.Equal(type, Assert.Single(Upstream.Requests).Json.GetProperty("response_format").GetProperty("type").GetString());
    }

    [Fact]
    public async Task User_images_are_sent_as_image_url_parts_after_the_text()
    {
        var ct = TestContext.Current.CancellationToken;
        var png = "data:image/png;base64," + Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47]);
        var request = new ModelRequest("fake-model", [new ModelMessage.User("What is this?", ["https://example.com/cat.png", png])]);

        await Client.StreamAsync(request, ct).ToListAsync(ct);

        var parts = Assert.Single(Upstream.Requests).Json.GetProperty("messages")[0].GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(["text", "image_url", "image_url"], parts.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal("What is this?", parts[0].GetProperty("text").GetString());
        Assert.Equal("https://example.com/cat.png", parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal(png, parts[2].GetProperty("image_url").GetProperty("url").GetString());
    }

    [Fact]
    public async Task An_assistant_turn_with_text_and_tool_calls_sends_both()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = new ModelRequest("fake-model",
        [
            new ModelMessage.User("Hi", []),
            new ModelMessage.Assistant("Let me look.", [new ModelToolCall("call_9", "lookup", "{}")]),
            new ModelMessage.Tool("call_9", "found"),
        ]);

        await Client.StreamAsync(request, ct).ToListAsync(ct);

        var assistant = Assert.Single(Upstream.Requests).Json.GetProperty("messages")[1];
        Assert.Contains("Let me look.", assistant.GetProperty("content").GetRawText(), StringComparison.Ordinal);
        Assert.Equal("call_9", assistant.GetProperty("tool_calls")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_configured_key_is_sent_as_a_bearer_token()
    {
        var ct = TestContext.Current.CancellationToken;

        await Client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct);

        Assert.Equal("Bearer sk-configured", Assert.Single(Upstream.Requests).Authorization);
    }

    [Fact]
    public async Task A_callers_own_key_replaces_the_configured_key_for_that_call_only()
    {
        var ct = TestContext.Current.CancellationToken;

        await Client.StreamAsync(Requests.SayHi() with { ApiKey = "sk-tenant-own" }, ct).ToListAsync(ct);
        await Client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct);

        Assert.Equal(["Bearer sk-tenant-own", "Bearer sk-configured"], Upstream.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_provider_without_a_key_still_streams()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = new OpenAICompatibleModelClient("local", Upstream.BaseUrl, apiKey: null, []);

        var updates = await client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct);

        Assert.IsType<ModelUpdate.Finished>(updates[^1]);
    }

    [Fact]
    public async Task Listing_models_asks_the_upstream()
    {
        var ct = TestContext.Current.CancellationToken;

        var models = await Client.ListModelsAsync(apiKey: null, ct);

        Assert.Equal(["fake-model", "gpt-4o"], models.Select(m => m.Id));
        Assert.All(models, m => Assert.True(m.Created > 0));
    }

    [Fact]
    public async Task Listing_models_falls_back_to_the_configured_list_when_the_upstream_fails()
    {
        var ct = TestContext.Current.CancellationToken;
        var closed = await FakeUpstream.StartAsync(ct);
        var baseUrl = closed.BaseUrl;
        await closed.DisposeAsync();
        var client = new OpenAICompatibleModelClient("gone", baseUrl, "sk-x", ["llama-3", "qwen"]);

        var models = await client.ListModelsAsync(apiKey: null, ct);

        Assert.Equal([new ModelInfo("llama-3", 0, "gone"), new ModelInfo("qwen", 0, "gone")], models);
    }

    [Fact]
    public async Task The_raw_body_is_recorded_as_sent()
    {
        var ct = TestContext.Current.CancellationToken;

        await Client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct);

        using var reparsed = JsonDocument.Parse(Assert.Single(Upstream.Requests).Body);
        Assert.Equal("Hi", reparsed.RootElement.GetProperty("messages")[0].GetProperty("content").GetString());
    }
}
