using System.Net.Http.Headers;
using System.Text;
using Spindle.Testing;

namespace Spindle.Server.Tests.CodeInterpreter;

public sealed class CodeInterpreterRunTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string Tools = """[{"type":"code_interpreter"}]""";

    [Fact]
    public async Task The_model_code_runs_in_the_sandbox_and_its_logs_come_back_in_the_step_and_to_the_model()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_solve", "code_interpreter", """{"code":"x = (14 - 12) / 8\nprint(f\"x = {x}\")"}""")));
        spindle.Upstream.Enqueue(Script.Reply("SISTCA student, x = 1/4."));
        var (assistant, thread) = await spindle.SeedAsync(ct, Tools);

        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        var run = (await spindle.WaitForRunAsync(thread, created.Id, ct)).Json;
        Assert.Equal("completed", run.GetProperty("status").GetString());

        var steps = (await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}/steps?order=asc", ct)).Json.GetProperty("data");
        Assert.Equal(["tool_calls", "message_creation"], steps.EnumerateArray().Select(s => s.GetProperty("type").GetString()));
        var call = steps[0].GetProperty("step_details").GetProperty("tool_calls")[0];
        Assert.Equal("code_interpreter", call.GetProperty("type").GetString());
        Assert.Equal("call_solve", call.GetProperty("id").GetString());
        Assert.Equal("x = (14 - 12) / 8\nprint(f\"x = {x}\")", call.GetProperty("code_interpreter").GetProperty("input").GetString());
        var output = call.GetProperty("code_interpreter").GetProperty("outputs")[0];
        Assert.Equal("logs", output.GetProperty("type").GetString());
        Assert.Equal("x = 0.25\n", output.GetProperty("logs").GetString());
        Assert.False(output.TryGetProperty("index", out _));

        // The model was offered the tool as a function and read the logs back as the tool result.
        var first = spindle.Upstream.Requests[^2].Json;
        Assert.Contains(first.GetProperty("tools").EnumerateArray(), t => t.GetProperty("function").GetProperty("name").GetString() == "code_interpreter");
        var second = spindle.Upstream.Requests[^1].Json.GetProperty("messages");
        var tool = second[second.GetArrayLength() - 1];
        Assert.Equal("tool", tool.GetProperty("role").GetString());
        Assert.Equal("x = 0.25\n", tool.GetProperty("content").ToString());
    }

    [Fact]
    public async Task Streaming_sends_the_code_as_input_pieces_then_the_logs_as_outputs()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_s", "code_interpreter", """{"code":"import math\nprint(math.sqrt(2))"}""")));
        spindle.Upstream.Enqueue(Script.Reply("About 1.414."));
        var (assistant, thread) = await spindle.SeedAsync(ct, Tools);

        var events = await spindle.PostSseAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);
        var names = events.Select(e => e.Event).ToList();
        Assert.Equal("thread.run.completed", names[^2]);
        var deltas = events.Where(e => e.Event == "thread.run.step.delta").Select(e => e.Json.GetProperty("delta").GetProperty("step_details").GetProperty("tool_calls")[0]).ToList();
        Assert.Equal("call_s", deltas[0].GetProperty("id").GetString());
        Assert.Equal(0, deltas[0].GetProperty("code_interpreter").GetProperty("outputs").GetArrayLength());
        Assert.All(deltas.Skip(1), d => Assert.False(d.TryGetProperty("id", out _)));
        var input = string.Concat(deltas.Select(d => d.GetProperty("code_interpreter").TryGetProperty("input", out var i) ? i.GetString() : ""));
        Assert.Equal("import math\nprint(math.sqrt(2))", input);
        var logs = deltas[^1].GetProperty("code_interpreter").GetProperty("outputs")[0];
        Assert.Equal(0, logs.GetProperty("index").GetInt32());
        Assert.Equal("1.4142135623730951\n", logs.GetProperty("logs").GetString());

        var completedStep = events.First(e => e.Event == "thread.run.step.completed").Json;
        Assert.Equal("1.4142135623730951\n", completedStep.GetProperty("step_details").GetProperty("tool_calls")[0].GetProperty("code_interpreter").GetProperty("outputs")[0].GetProperty("logs").GetString());
        Assert.True(names.IndexOf("thread.run.step.completed") < names.IndexOf("thread.message.created"));
    }

    [Fact]
    public async Task A_plot_comes_back_as_an_image_output_and_an_image_file_part_of_the_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_plot", "code_interpreter",
            """{"code":"import matplotlib.pyplot as plt\nplt.plot([0, 1, 2], [0, 1, 4])\nplt.title('y = x^2')"}""")));
        spindle.Upstream.Enqueue(Script.Reply("Here is the plot."));
        var (assistant, thread) = await spindle.SeedAsync(ct, Tools);

        var events = await spindle.PostSseAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);
        var step = events.First(e => e.Event == "thread.run.step.completed").Json;
        var image = step.GetProperty("step_details").GetProperty("tool_calls")[0].GetProperty("code_interpreter").GetProperty("outputs")
            .EnumerateArray().Single(o => o.GetProperty("type").GetString() == "image");
        var fileId = image.GetProperty("image").GetProperty("file_id").GetString()!;

        var message = events.First(e => e.Event == "thread.message.completed").Json.GetProperty("content");
        Assert.Equal("image_file", message[0].GetProperty("type").GetString());
        Assert.Equal(fileId, message[0].GetProperty("image_file").GetProperty("file_id").GetString());
        Assert.Equal("Here is the plot.", message[1].GetProperty("text").GetProperty("value").GetString());
        var firstDelta = events.First(e => e.Event == "thread.message.delta").Json.GetProperty("delta").GetProperty("content")[0];
        Assert.Equal("image_file", firstDelta.GetProperty("type").GetString());

        var file = await spindle.GetAsync($"/v1/files/{fileId}", ct);
        Assert.Equal("assistants_output", file.Json.GetProperty("purpose").GetString());
        var png = await spindle.Http.GetByteArrayAsync($"v1/files/{fileId}/content", ct);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public async Task A_csv_attached_to_a_message_is_read_from_mnt_data()
    {
        var ct = TestContext.Current.CancellationToken;
        using var form = new MultipartFormDataContent();
        var csv = new ByteArrayContent(Encoding.UTF8.GetBytes("x,y\n1,2\n3,4\n5,6\n"));
        csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(csv, "file", "points.csv");
        form.Add(new StringContent("assistants"), "purpose");
        using var upload = await spindle.Http.PostAsync("v1/files", form, ct);
        var fileId = System.Text.Json.JsonDocument.Parse(await upload.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString();

        spindle.Upstream.Enqueue(Script.ToolCalls(("call_csv", "code_interpreter", """{"code":"import pandas as pd\nprint(pd.read_csv('/mnt/data/points.csv')['y'].sum())"}""")));
        spindle.Upstream.Enqueue(Script.Reply("The sum is 12."));
        var (assistant, thread) = await spindle.SeedAsync(ct, Tools);
        await spindle.PostAsync($"/v1/threads/{thread}/messages",
            $$"""{"role":"user","content":"Sum y.","attachments":[{"file_id":"{{fileId}}","tools":[{"type":"code_interpreter"}]}]}""", ct);

        var created = await spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        Assert.Equal("completed", (await spindle.WaitForRunAsync(thread, created.Id, ct)).Json.GetProperty("status").GetString());
        var step = (await spindle.GetAsync($"/v1/threads/{thread}/runs/{created.Id}/steps?order=asc", ct)).Json.GetProperty("data")[0];
        Assert.Equal("12\n", step.GetProperty("step_details").GetProperty("tool_calls")[0].GetProperty("code_interpreter").GetProperty("outputs")[0].GetProperty("logs").GetString());
    }

    [Fact]
    public async Task A_file_the_code_writes_is_linked_from_the_answer_with_a_file_path_annotation()
    {
        var ct = TestContext.Current.CancellationToken;
        spindle.Upstream.Enqueue(Script.ToolCalls(("call_csv_out", "code_interpreter",
            """{"code":"import pandas as pd\npd.DataFrame({'x': [1, 2]}).to_csv('/mnt/data/result.csv', index=False)"}""")));
        spindle.Upstream.Enqueue(Script.Reply("Download it: ", "sandbox:/mnt/data/", "result.csv", " (two rows)."));
        var (assistant, thread) = await spindle.SeedAsync(ct, Tools);

        var events = await spindle.PostSseAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);
        var text = events.Single(e => e.Event == "thread.message.completed").Json.GetProperty("content")[0].GetProperty("text");
        Assert.Equal("Download it: sandbox:/mnt/data/result.csv (two rows).", text.GetProperty("value").GetString());
        var annotation = Assert.Single(text.GetProperty("annotations").EnumerateArray());
        Assert.Equal("file_path", annotation.GetProperty("type").GetString());
        Assert.Equal("sandbox:/mnt/data/result.csv", annotation.GetProperty("text").GetString());
        Assert.Equal((13, 41), (annotation.GetProperty("start_index").GetInt32(), annotation.GetProperty("end_index").GetInt32()));
        var fileId = annotation.GetProperty("file_path").GetProperty("file_id").GetString()!;

        // The annotation was streamed too, in the delta that carries the link, so the SDKs' snapshots have it (§7.3 O6b)
        // and no delta reaches seed 001's on_text_delta without a value.
        var deltas = events.Where(e => e.Event == "thread.message.delta")
            .Select(e => e.Json.GetProperty("delta").GetProperty("content")[0].GetProperty("text")).ToList();
        Assert.All(deltas, d => Assert.False(string.IsNullOrEmpty(d.GetProperty("value").GetString())));
        var carrier = deltas.Single(t => t.TryGetProperty("annotations", out var a) && a.GetArrayLength() > 0);
        Assert.Equal("sandbox:/mnt/data/result.csv", carrier.GetProperty("value").GetString());
        Assert.Equal(fileId, carrier.GetProperty("annotations")[0].GetProperty("file_path").GetProperty("file_id").GetString());

        var csv = await spindle.Http.GetStringAsync($"v1/files/{fileId}/content", ct);
        Assert.Equal("x\n1\n2\n", csv);
    }
}
