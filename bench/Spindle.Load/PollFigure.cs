using System.ClientModel;
using System.Diagnostics;
using OpenAI.Assistants;

namespace Spindle.Load;

/// <summary>
/// Figure 3: createAndPoll with the official .NET SDK. The .NET SDK has no poller, so this is the loop the Node and
/// Python SDKs run: create, retrieve, and while the run is not terminal sleep the <c>openai-poll-after-ms</c> the
/// last response gave (or a fixed interval) and retrieve again.
/// </summary>
internal sealed class PollFigure(Settings settings, Targets targets, StreamingFigures streaming)
{
    private const string Model = "ttft50-tok10-n20";

    public async Task<Figure> RunAsync(CancellationToken ct)
    {
        var assistant = await streaming.CreateAssistantAsync(Model, ct);
        var client = new AssistantClient(new ApiKeyCredential("bench"), new AssistantClientOptions { Endpoint = new Uri(settings.Spindle, "/v1") });
        await CreateAndPollAsync(client, assistant, null, ct);

        var (upstreamCount, headerCount, fixedCount) = settings.PollCounts;
        List<double> upstream = [], header = [], fixedInterval = [];
        for (var i = 0; i < upstreamCount; i++)
            upstream.Add(await targets.UpstreamCompletionMsAsync(Model, ct));
        var advertised = 0;
        for (var i = 0; i < headerCount; i++)
        {
            var (ms, after) = await CreateAndPollAsync(client, assistant, null, ct);
            header.Add(ms);
            advertised = after;
        }

        for (var i = 0; i < fixedCount; i++)
            fixedInterval.Add((await CreateAndPollAsync(client, assistant, 1000, ct)).Ms);

        var u50 = Stats.Percentile(upstream, 50);
        List<Row> rows =
        [
            new("honouring openai-poll-after-ms: p50", Stats.Percentile(header, 50), u50, "ms", $"server advertised {advertised} ms"),
            new("honouring openai-poll-after-ms: p99", Stats.Percentile(header, 99), Stats.Percentile(upstream, 99), "ms"),
            new("fixed 1 s interval: p50", Stats.Percentile(fixedInterval, 50), u50, "ms", "the Python SDK's fallback without the header"),
        ];
        return new Figure(3, "createAndPoll wall time", "one non-streamed completion straight from the fake upstream",
            $"Sequential `CreateThreadAndRunAsync` + `GetRunAsync` polls with the official OpenAI .NET SDK until the run is terminal, " +
            $"timed from the create call to the terminal retrieve; upstream model `{Model}` (50 ms, then 20 tokens 10 ms apart). " +
            $"Baseline: the same completion requested straight from the upstream without streaming. {headerCount} runs honouring the " +
            $"header, {fixedCount} at a fixed 1 s, {upstreamCount} upstream completions.", rows);
    }

    private static async Task<(double Ms, int AdvertisedMs)> CreateAndPollAsync(AssistantClient client, string assistant, int? fixedMs, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var thread = new ThreadCreationOptions();
        thread.InitialMessages.Add(new ThreadInitializationMessage(MessageRole.User, [MessageContent.FromText("Hi")]));
        ThreadRun run = await client.CreateThreadAndRunAsync(assistant, thread, cancellationToken: ct);
        while (true)
        {
            var retrieved = await client.GetRunAsync(run.ThreadId, run.Id, ct);
            var after = retrieved.GetRawResponse().Headers.TryGetValue("openai-poll-after-ms", out var value) && int.TryParse(value, out var ms) ? ms : 0;
            if (retrieved.Value.Status.IsTerminal)
            {
                if (retrieved.Value.Status != RunStatus.Completed)
                    throw new InvalidOperationException($"Run {run.Id} ended {retrieved.Value.Status}: {retrieved.Value.LastError?.Message}");
                return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, after);
            }

            await Task.Delay(fixedMs ?? (after > 0 ? after : 1000), ct);
        }
    }
}
