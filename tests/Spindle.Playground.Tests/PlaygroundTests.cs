using System.Text.Json;
using Microsoft.Playwright;
using Spindle.Testing;
using static Microsoft.Playwright.Assertions;

namespace Spindle.Playground.Tests;

/// <summary>
/// The playground in Debian's Chromium against a real Spindle: every click goes through the page, every request
/// through the official openai SDK in the browser, and the fake upstream decides what the model says.
/// </summary>
public sealed class PlaygroundTests(PlaygroundFixture spindle) : IClassFixture<PlaygroundFixture>
{
    [Fact]
    public async Task Key_entered_in_the_page_is_kept_and_an_assistant_with_code_interpreter_and_file_search_is_saved()
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await spindle.OpenAsync("assistants", key: null);
        await page.GetByTestId("api-key").FillAsync(SpindleFixture.KeyA);
        await page.GetByTestId("save-key").ClickAsync();
        await page.ReloadAsync();
        Assert.Equal(SpindleFixture.KeyA, await page.EvaluateAsync<string>("localStorage.getItem('spindle.apiKey')"));

        await page.GetByTestId("new-assistant").ClickAsync();
        var form = page.GetByTestId("assistant-form");
        await form.Locator("[name=name]").FillAsync("Data Analyst");
        await Expect(form.Locator("[name=model] option[value='gpt-4o']")).ToHaveCountAsync(1); // from GET /v1/models
        await form.Locator("[name=model]").SelectOptionAsync("gpt-4o");
        await form.Locator("[name=instructions]").FillAsync("Answer with numbers.");
        await form.Locator("[name=temperature]").FillAsync("0.3");
        await form.Locator("[name=code_interpreter]").CheckAsync();
        await form.Locator("[name=file_search]").CheckAsync();

        // A function whose schema is wrong never reaches the server.
        await page.GetByTestId("add-function").ClickAsync();
        await page.GetByTestId("function-json").FillAsync("""{"name":"lookup","parameters":{"type":"object","properties":{},"required":["city"]}}""");
        await page.GetByTestId("save-assistant").ClickAsync();
        await Expect(page.GetByTestId("assistant-status")).ToContainTextAsync("required must list names from properties");
        Assert.DoesNotContain(await AssistantNamesAsync(ct), n => n == "Data Analyst");

        await page.GetByTestId("function-json").FillAsync("""{"name":"lookup","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}""");
        await page.GetByTestId("save-assistant").ClickAsync();
        await Expect(page.GetByTestId("assistant-status")).ToContainTextAsync("Saved asst_");
        await Expect(page.GetByTestId("assistant-list")).ToContainTextAsync("Data Analyst");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PlaygroundFixture.Screenshots, "assistants.png") });

        var saved = (await spindle.GetAsync("/v1/assistants?limit=100", ct)).Json.GetProperty("data").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "Data Analyst");
        Assert.Equal(0.3, saved.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(["code_interpreter", "file_search", "function"], saved.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("type").GetString()));
        Assert.Equal("city", saved.GetProperty("tools")[2].GetProperty("function").GetProperty("parameters").GetProperty("required")[0].GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task File_dropped_on_a_vector_store_shows_its_ingestion_until_it_is_ready()
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await spindle.OpenAsync("files");
        await page.GetByTestId("store-name").FillAsync("Handbook");
        await page.GetByTestId("create-store").ClickAsync();
        await Expect(page.GetByTestId("store-panel")).ToContainTextAsync("Handbook");

        // A real drop event carrying a File, as a drag from the desktop delivers it.
        var transfer = await page.EvaluateHandleAsync("""
            () => { const t = new DataTransfer(); t.items.add(new File(["Holidays: 25 days a year. Remote work: Fridays."], "handbook.txt", { type: "text/plain" })); return t; }
            """);
        await page.GetByTestId("store-drop").DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });

        await Expect(page.GetByTestId("ingestion-status")).ToHaveTextAsync("completed");
        await Expect(page.GetByTestId("store-counts")).ToContainTextAsync("1/1 ready");
        await Expect(page.GetByTestId("file-rows")).ToContainTextAsync("handbook.txt");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PlaygroundFixture.Screenshots, "files.png") });

        var stores = (await spindle.GetAsync("/v1/vector_stores", ct)).Json.GetProperty("data");
        var store = stores.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Handbook");
        Assert.Equal(1, store.GetProperty("file_counts").GetProperty("completed").GetInt32());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Answer_grows_on_screen_while_the_model_streams_it()
    {
        var gate = new ChunkGate();
        spindle.Upstream.Enqueue(Script.Reply("The answer", " is x = 1/4", ", because 8x = 2.").HoldEachChunkUntil(gate.WaitAsync));
        var page = await OpenThreadAsync(await CreateAssistantAsync("Math Tutor", "[]"));
        var answer = await SendAsync(page, "Solve 8x + 12 = 14");

        try
        {
            await Expect(answer).ToContainTextAsync("The answer");
            await Expect(answer).Not.ToContainTextAsync("is x");
            await Expect(RunStatus(page)).ToHaveTextAsync("in_progress");
            gate.Release();
            await Expect(answer).ToContainTextAsync("The answer is x = 1/4");
            await Expect(answer).Not.ToContainTextAsync("because");
        }
        finally
        {
            gate.ReleaseAll();
        }

        await Expect(answer).ToContainTextAsync("The answer is x = 1/4, because 8x = 2.");
        await Expect(RunStatus(page)).ToHaveTextAsync("completed");
        await Expect(page.GetByTestId("run-facts")).ToContainTextAsync("tokens");
        await Expect(page.GetByTestId("run-facts")).ToContainTextAsync("first token");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PlaygroundFixture.Screenshots, "chat.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Code_run_shows_its_logs_and_its_plot_inline()
    {
        const string Code = "import matplotlib.pyplot as plt\nprint('solving 8x + 12 = 14')\nplt.plot([0, 0.25, 0.5], [12, 14, 16])\nplt.title('8x + 12')";
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_plot", "code_interpreter", JsonSerializer.Serialize(new Dictionary<string, string> { ["code"] = Code }))));
        spindle.Upstream.Enqueue(Script.Reply("Here is the plot."));
        var page = await OpenThreadAsync(await CreateAssistantAsync("Plotter", """[{"type":"code_interpreter"}]"""));
        var answer = await SendAsync(page, "Plot 8x + 12");

        await Expect(answer).ToContainTextAsync("Here is the plot.");
        var call = page.GetByTestId("code-call");
        await Expect(call.Locator(".code-input")).ToContainTextAsync("plt.plot");
        await Expect(call.GetByTestId("code-logs")).ToContainTextAsync("solving 8x + 12 = 14");
        var plot = call.Locator("img.inline-image");
        await Expect(plot).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 100", await plot.ElementHandleAsync());
        await Expect(page.Locator(".message.assistant img.inline-image")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PlaygroundFixture.Screenshots, "code-interpreter.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Citation_links_to_the_file_it_quotes()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = await spindle.UploadAsync("favorite_foods.txt", "Filip's favorite food is cake. Maria prefers sushi.", ct);
        var store = (await spindle.PostAsync("/v1/vector_stores", $$"""{"name":"foods","file_ids":["{{file}}"]}""", ct)).Id;
        await WaitUntilAsync(async () => (await spindle.GetAsync($"/v1/vector_stores/{store}", ct)).Json.GetProperty("file_counts").GetProperty("completed").GetInt32() == 1, ct);
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_fs", "file_search", """{"query":"Filip favorite food"}""")));
        spindle.Upstream.Enqueue(Script.Reply("Filip's favorite food is cake", "【0:0†favorite_foods.txt】", "."));
        var assistant = await CreateAssistantAsync("Librarian", """[{"type":"file_search"}]""", $$$""","tool_resources":{"file_search":{"vector_store_ids":["{{{store}}}"]}}""");
        var page = await OpenThreadAsync(assistant);
        var answer = await SendAsync(page, "What does Filip like?");

        await Expect(answer).ToContainTextAsync("Filip's favorite food is cake[1].");
        var citation = answer.Locator("a.file-link");
        await Expect(citation).ToHaveAttributeAsync("href", "#spindle-file:" + file);
        await Expect(citation).ToHaveAttributeAsync("title", "favorite_foods.txt");
        await Expect(page.GetByTestId("search-call")).ToContainTextAsync("favorite_foods.txt");
        await Expect(page.GetByTestId("search-call").Locator("blockquote")).ToContainTextAsync("cake");

        var download = await page.RunAndWaitForDownloadAsync(() => citation.ClickAsync());
        Assert.Equal("favorite_foods.txt", download.SuggestedFilename);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Function_call_form_submits_the_output_and_the_run_completes()
    {
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_weather", "get_weather", """{"city":"Zürich"}""")));
        spindle.Upstream.Enqueue(Script.Reply("It is 21 °C in Zürich."));
        var tools = """[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]""";
        var page = await OpenThreadAsync(await CreateAssistantAsync("Weather", tools));
        await SendAsync(page, "Weather in Zürich?");

        await Expect(RunStatus(page)).ToHaveTextAsync("requires_action");
        var form = page.GetByTestId("tool-outputs");
        await Expect(form).ToContainTextAsync("get_weather");
        await Expect(form).ToContainTextAsync("""{"city":"Zürich"}""");
        await page.GetByTestId("output-call_weather").FillAsync("""{"celsius":21}""");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PlaygroundFixture.Screenshots, "function-call.png") });
        await page.GetByTestId("submit-outputs").ClickAsync();

        await Expect(page.Locator(".message.assistant").Last).ToContainTextAsync("It is 21 °C in Zürich.");
        await Expect(RunStatus(page)).ToHaveTextAsync("completed");
        await Expect(page.GetByTestId("function-call")).ToContainTextAsync("""{"celsius":21}""");
        Assert.Contains("""{\"celsius\":21}""", spindle.Upstream.Requests[^1].Body, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Two_assistants_answer_one_message_in_turn()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.Reply("Draft: x = 1/4."));
        spindle.Upstream.Enqueue(Script.Reply("Review: correct."));
        var writer = await CreateAssistantAsync("Writer", "[]");
        var reviewer = await CreateAssistantAsync("Reviewer", "[]");
        var page = await OpenThreadAsync(writer);
        await page.GetByTestId("assistant-picks").Locator($"input[value='{reviewer}']").CheckAsync();
        await SendAsync(page, "Solve 8x + 12 = 14, then check it.");

        var answers = page.Locator(".message.assistant");
        await Expect(answers).ToHaveCountAsync(2);
        await Expect(answers.Nth(0)).ToContainTextAsync("Writer");
        await Expect(answers.Nth(0)).ToContainTextAsync("Draft: x = 1/4.");
        await Expect(answers.Nth(1)).ToContainTextAsync("Reviewer");
        await Expect(answers.Nth(1)).ToContainTextAsync("Review: correct.");
        await Expect(page.Locator(".run[data-status=completed]")).ToHaveCountAsync(2);

        var thread = await page.GetByTestId("thread-id").TextContentAsync();
        var runs = (await spindle.GetAsync($"/v1/threads/{thread}/runs?order=asc", ct)).Json.GetProperty("data");
        Assert.Equal([writer, reviewer], runs.EnumerateArray().Select(r => r.GetProperty("assistant_id").GetString()));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Cancel_stops_a_streaming_run()
    {
        var gate = new ChunkGate();
        spindle.Upstream.Enqueue(Script.Reply("Thinking", " about it", " for a long time.").HoldEachChunkUntil(gate.WaitAsync));
        var page = await OpenThreadAsync(await CreateAssistantAsync("Slow", "[]"));
        try
        {
            var answer = await SendAsync(page, "Take your time.");
            await Expect(answer).ToContainTextAsync("Thinking");
            await page.GetByTestId("cancel-run").ClickAsync();
            await Expect(RunStatus(page)).ToHaveTextAsync("cancelled");
            await Expect(answer).Not.ToContainTextAsync("long time");
            await Expect(page.GetByTestId("cancel-run")).ToBeDisabledAsync();
        }
        finally
        {
            gate.ReleaseAll();
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Script_and_onerror_image_in_a_model_answer_stay_inert()
    {
        spindle.Upstream.Enqueue(Script.Reply("<script>window.pwned = 'script'</script>\n\n", "<img src=x onerror=\"window.pwned = 'img'\">", "\n\n**Safe** answer."));
        var page = await OpenThreadAsync(await CreateAssistantAsync("Mischief", "[]"));
        var answer = await SendAsync(page, "Say something nasty.");

        await Expect(answer.Locator("strong")).ToHaveTextAsync("Safe");
        await Expect(RunStatus(page)).ToHaveTextAsync("completed");
        await Expect(answer.Locator("script")).ToHaveCountAsync(0);
        await Expect(answer.Locator("img")).ToHaveCountAsync(1);
        await Expect(answer.Locator("img[onerror]")).ToHaveCountAsync(0);
        Assert.Null(await page.EvaluateAsync<string?>("window.pwned ?? null"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Failed_run_shows_its_last_error_and_the_thread_reopens_after_a_reload()
    {
        spindle.Upstream.Enqueue(Script.Error(400, "The model refused the prompt."));
        var page = await OpenThreadAsync(await CreateAssistantAsync("Fragile", "[]"));
        await SendAsync(page, "Anything.");
        await Expect(RunStatus(page)).ToHaveTextAsync("failed");
        var error = await page.GetByTestId("run-error").TextContentAsync();
        Assert.Contains("The model refused the prompt.", error, StringComparison.Ordinal);
        var thread = await page.GetByTestId("thread-id").TextContentAsync();

        // The thread list lives in this browser: after a reload the thread is back, rebuilt from the API.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("thread-list")).ToContainTextAsync(thread!);
        await Expect(page.GetByTestId("thread-id")).ToHaveTextAsync(thread!);
        await Expect(page.Locator(".message.user")).ToContainTextAsync("Anything.");
        await Expect(page.GetByTestId("run-error")).ToHaveTextAsync(error!);
        await page.Context.CloseAsync();
    }

    private async Task<IEnumerable<string?>> AssistantNamesAsync(CancellationToken cancellationToken) =>
        (await spindle.GetAsync("/v1/assistants?limit=100", cancellationToken)).Json.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("name").GetString());

    private async Task<string> CreateAssistantAsync(string name, string tools, string extra = "")
    {
        var reply = await spindle.PostAsync("/v1/assistants", $$"""{"model":"gpt-4o","name":"{{name}}","tools":{{tools}}{{extra}}}""", TestContext.Current.CancellationToken);
        Assert.True(reply.Status == System.Net.HttpStatusCode.OK, reply.Body);
        return reply.Id;
    }

    /// <summary>Opens the chat on a new thread made with the page's button, with only <paramref name="assistant"/> picked.</summary>
    private async Task<IPage> OpenThreadAsync(string assistant)
    {
        var page = await spindle.OpenAsync("chat");
        await page.GetByTestId("new-thread").ClickAsync();
        await Expect(page.GetByTestId("thread-id")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^thread_"));
        var picks = page.GetByTestId("assistant-picks").Locator("input");
        await Expect(picks.First).ToBeVisibleAsync();
        foreach (var pick in await picks.AllAsync())
        {
            await pick.SetCheckedAsync(await pick.GetAttributeAsync("value") == assistant);
        }

        return page;
    }

    /// <summary>Sends a message from the composer and returns the last assistant message on screen.</summary>
    private static async Task<ILocator> SendAsync(IPage page, string text)
    {
        await page.GetByTestId("composer").FillAsync(text);
        await page.GetByTestId("send").ClickAsync();
        await Expect(page.Locator(".message.user").Last).ToContainTextAsync(text);
        return page.Locator(".message.assistant").Last;
    }

    private static ILocator RunStatus(IPage page) => page.Locator(".run").First.GetByTestId("run-status");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 300 && !await condition(); i++)
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
