using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Spindle.Server.Tests.Streaming;
using Spindle.Testing;

namespace Spindle.Server.Tests.Cluster;

/// <summary>
/// Several Spindle processes on one PostgreSQL, driven on the wire: a run's stream and its cancel on different nodes,
/// a run longer than its lease, a node killed mid-run, hundreds of runs spread over the nodes, nodes racing to start runs on one thread, and an
/// ingestion whose node dies.
/// </summary>
public sealed class ClusterTests(SpindleCluster cluster) : IClassFixture<SpindleCluster>
{
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(SpindleCluster.LeaseSeconds * 10);

    [Fact]
    public async Task A_run_streamed_from_one_node_and_cancelled_through_another_streams_as_on_one_node()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new ChunkGate();
        cluster.Upstream.Enqueue(Script.Reply("one ", "two ", "three").HoldEachChunkUntil(gate.WaitAsync));
        // Instructions past NOTIFY's 8000-byte payload, so the cancelling event crosses nodes through run_events.
        var instructions = "You are a personal math tutor. " + new string('x', 12_000);
        var (assistant, thread) = await SeedAsync(cluster[0], "stream-cancel", ct, instructions);

        try
        {
            await using var stream = await LiveStream.PostAsync(cluster[1].Http, $"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);
            var runId = (await stream.NextAsync("thread.run.created")).Json.GetProperty("id").GetString()!;
            await stream.NextAsync("thread.message.delta");

            var cancel = await cluster[2].PostAsync($"/v1/threads/{thread}/runs/{runId}/cancel", "{}", stream.Token);
            Assert.Equal(HttpStatusCode.OK, cancel.Status);
            Assert.Equal("cancelling", cancel.Json.GetProperty("status").GetString());

            var events = await stream.ToEndAsync();
            Assert.Equal(StreamAssert.CancelledAfterFirstDelta, events.Select(e => e.Event));
            var cancelling = events.Single(e => e.Event == "thread.run.cancelling").Json;
            Assert.Equal(instructions, cancelling.GetProperty("instructions").GetString());
            StreamAssert.SameObject(cancel.Json, cancelling);

            var run = await cluster[0].GetAsync($"/v1/threads/{thread}/runs/{runId}", ct);
            Assert.Equal("cancelled", run.Json.GetProperty("status").GetString());
            StreamAssert.SameObject(events.Single(e => e.Event == "thread.run.cancelled").Json, run.Json);
        }
        finally
        {
            gate.ReleaseAll();
        }
    }

    [Fact]
    public async Task A_run_that_outlasts_two_leases_stays_with_the_node_that_accepted_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var holder = await cluster.StartNodeAsync("holder", ct, new Dictionary<string, string> { ["Spindle:Cluster:NodeId"] = "holder" });
        var gate = new ChunkGate();
        cluster.Upstream.Enqueue(Script.Reply("a ", "long ", "turn").HoldEachChunkUntil(gate.WaitAsync));
        var (assistant, thread) = await SeedAsync(holder, "outlasts-leases", ct);

        try
        {
            await using var stream = await LiveStream.PostAsync(holder.Http, $"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct);
            var runId = (await stream.NextAsync("thread.run.created")).Json.GetProperty("id").GetString()!;
            await stream.NextAsync("thread.message.delta");

            // Past two of the holder's ticks (a quarter lease each), and before any node could claim a run nobody holds.
            await Task.Delay(TimeSpan.FromSeconds(SpindleCluster.LeaseSeconds * 0.6), ct);
            Assert.Equal("holder", await cluster.LeaseOwnerAsync(runId, ct));

            // Another node claims a run whose lease ran out, and fails it as cut off mid-turn.
            await Task.Delay(TimeSpan.FromSeconds(1.5 * SpindleCluster.LeaseSeconds), ct);
            gate.ReleaseAll();

            var events = (await stream.ToEndAsync()).Select(e => e.Event).ToList();
            Assert.Equal("thread.run.completed", events[^2]);
            Assert.Equal("completed", (await cluster[1].GetAsync($"/v1/threads/{thread}/runs/{runId}", ct)).Json.GetProperty("status").GetString());
            Assert.Null(await cluster.LeaseOwnerAsync(runId, ct));
        }
        finally
        {
            gate.ReleaseAll();
        }

        Assert.Equal(1, cluster.UpstreamRequestsMentioning("outlasts-leases"));
    }

    [Fact]
    public async Task Runs_of_a_killed_node_end_on_the_survivors_each_turn_sent_upstream_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var victim = await cluster.StartNodeAsync("victim-runs", ct, new Dictionary<string, string> { ["Spindle:Runs:MaxConcurrentRuns"] = "1" });
        var gate = new ChunkGate();
        cluster.Upstream.Enqueue(Script.Reply("cut ", "off ", "here").HoldEachChunkUntil(gate.WaitAsync));
        var (assistant, midTurn) = await SeedAsync(victim, "killed-mid-turn", ct);
        var queuedThread = (await victim.PostAsync("/v1/threads", """{"messages":[{"role":"user","content":"killed-while-queued"}]}""", ct)).Id;

        string midTurnRun, queuedRun;
        DateTime killedAt;
        try
        {
            await using (var stream = await LiveStream.PostAsync(victim.Http, $"/v1/threads/{midTurn}/runs", $$"""{"assistant_id":"{{assistant}}","stream":true}""", ct))
            {
                midTurnRun = (await stream.NextAsync("thread.run.created")).Json.GetProperty("id").GetString()!;
                await stream.NextAsync("thread.message.delta");

                // The victim executes one run at a time, so this one waits in its queue, under its lease.
                queuedRun = (await victim.PostAsync($"/v1/threads/{queuedThread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct)).Id;
                victim.Kill();
                killedAt = DateTime.UtcNow;
            }
        }
        finally
        {
            gate.ReleaseAll();
        }

        var failed = await WaitForTerminalAsync(cluster[0], midTurn, midTurnRun, ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"The run cut off mid-turn ended {(DateTime.UtcNow - killedAt).TotalSeconds:F1} s after the kill ({SpindleCluster.LeaseSeconds} s leases).");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("server_error", failed.GetProperty("last_error").GetProperty("code").GetString());
        var steps = await cluster[1].GetAsync($"/v1/threads/{midTurn}/runs/{midTurnRun}/steps", ct);
        Assert.All(steps.Json.GetProperty("data").EnumerateArray(), s => Assert.Equal("failed", s.GetProperty("status").GetString()));
        var messages = await cluster[1].GetAsync($"/v1/threads/{midTurn}/messages?run_id={midTurnRun}", ct);
        var message = Assert.Single(messages.Json.GetProperty("data").EnumerateArray());
        Assert.Equal("incomplete", message.GetProperty("status").GetString());

        var completed = await WaitForTerminalAsync(cluster[2], queuedThread, queuedRun, ct);
        Assert.Equal("completed", completed.GetProperty("status").GetString());

        Assert.Equal(1, cluster.UpstreamRequestsMentioning("killed-mid-turn"));
        Assert.Equal(1, cluster.UpstreamRequestsMentioning("killed-while-queued"));

        // The thread whose run was cut off takes new runs again.
        var next = await cluster[1].PostAsync($"/v1/threads/{midTurn}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.Equal("completed", (await WaitForTerminalAsync(cluster[1], midTurn, next.Id, ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Three_hundred_runs_spread_over_three_nodes_each_execute_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var assistant = (await cluster[0].PostAsync("/v1/assistants", """{"model":"gpt-4o"}""", ct)).Id;
        var runs = new (string Thread, string Run, string Marker)[300];
        await Parallel.ForAsync(0, runs.Length, new ParallelOptions { MaxDegreeOfParallelism = 24, CancellationToken = ct }, async (i, token) =>
        {
            var marker = $"spread-run-{i:000}-";
            var created = await cluster[i % 3].PostAsync("/v1/threads/runs", $$$"""{"assistant_id":"{{{assistant}}}","thread":{"messages":[{"role":"user","content":"{{{marker}}}"}]}}""", token);
            Assert.Equal(HttpStatusCode.OK, created.Status);
            runs[i] = (created.Json.GetProperty("thread_id").GetString()!, created.Id, marker);
        });

        await Parallel.ForAsync(0, runs.Length, new ParallelOptions { MaxDegreeOfParallelism = 24, CancellationToken = ct }, async (i, token) =>
        {
            var run = await WaitForTerminalAsync(cluster[(i + 1) % 3], runs[i].Thread, runs[i].Run, token);
            Assert.True(run.GetProperty("status").GetString() == "completed", run.ToString());
        });

        Assert.All(runs, r => Assert.Equal(1, cluster.UpstreamRequestsMentioning(r.Marker)));
    }

    [Fact]
    public async Task Nodes_racing_to_start_runs_on_one_thread_start_exactly_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var assistant = (await cluster[0].PostAsync("/v1/assistants", """{"model":"gpt-4o"}""", ct)).Id;
        var gate = new ChunkGate();
        try
        {
            for (var round = 0; round < 8; round++)
            {
                // Each round's winner holds its run open at the upstream, so every other create meets an active run.
                cluster.Upstream.Enqueue(Script.Reply("held ", "until ", "cancelled").HoldEachChunkUntil(gate.WaitAsync));
                var marker = $"race-round-{round}-";
                var thread = (await cluster[round % 3].PostAsync("/v1/threads", $$"""{"messages":[{"role":"user","content":"{{marker}}"}]}""", ct)).Id;
                var replies = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
                    cluster[i % 3].PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct)));

                var winner = Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
                Assert.All(replies.Where(r => r != winner), r =>
                {
                    Assert.Equal(HttpStatusCode.BadRequest, r.Status);
                    Assert.Equal($"Thread {thread} already has an active run {winner.Id}.", r.Json.GetProperty("error").GetProperty("message").GetString());
                    Assert.Equal("invalid_request_error", r.Json.GetProperty("error").GetProperty("type").GetString());
                });
                var list = await cluster[0].GetAsync($"/v1/threads/{thread}/runs", ct);
                Assert.Single(list.Json.GetProperty("data").EnumerateArray());
                // Cancelled once its turn reached the upstream, so no held reply is left queued for another test.
                while (cluster.UpstreamRequestsMentioning(marker) == 0)
                {
                    await Task.Delay(20, ct);
                }

                await cluster[1].PostAsync($"/v1/threads/{thread}/runs/{winner.Id}/cancel", "{}", ct);
                Assert.Equal("cancelled", (await WaitForTerminalAsync(cluster[2], thread, winner.Id, ct)).GetProperty("status").GetString());
            }
        }
        finally
        {
            gate.ReleaseAll();
        }
    }

    [Fact]
    public async Task A_file_whose_node_dies_while_ingesting_it_is_ingested_by_another_node()
    {
        var ct = TestContext.Current.CancellationToken;
        // The victim's embedding endpoint accepts connections and never answers, so its ingestion hangs mid-file.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var embedding = silent.AcceptTcpClientAsync(ct).AsTask();
        var victim = await cluster.StartNodeAsync("victim-ingest", ct, new Dictionary<string, string>
        {
            ["Spindle:Providers:fake:BaseUrl"] = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/v1",
        });

        using var upload = new MultipartFormDataContent
        {
            { new StringContent("assistants"), "purpose" },
            { new ByteArrayContent("The tidal observatory on Skerry Nine logs its readings in ledger QX-4471."u8.ToArray()), "file", "observatory.txt" },
        };
        using var uploaded = await victim.Http.PostAsync("v1/files", upload, ct);
        var fileId = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString()!;
        var store = (await victim.PostAsync("/v1/vector_stores", $$"""{"name":"handover","file_ids":["{{fileId}}"]}""", ct)).Id;

        using var connection = await embedding.WaitAsync(Takeover, ct);
        var during = await cluster[0].GetAsync($"/v1/vector_stores/{store}", ct);
        Assert.Equal(1, during.Json.GetProperty("file_counts").GetProperty("in_progress").GetInt32());
        victim.Kill();
        var killedAt = DateTime.UtcNow;

        var deadline = DateTime.UtcNow + Takeover;
        JsonElement counts;
        do
        {
            await Task.Delay(100, ct);
            counts = (await cluster[1].GetAsync($"/v1/vector_stores/{store}", ct)).Json.GetProperty("file_counts");
            Assert.True(DateTime.UtcNow < deadline, $"The file was not ingested after the node died: {counts}");
        }
        while (counts.GetProperty("completed").GetInt32() == 0);

        TestContext.Current.TestOutputHelper?.WriteLine($"The file was ingested {(DateTime.UtcNow - killedAt).TotalSeconds:F1} s after the kill ({SpindleCluster.LeaseSeconds} s leases).");
        Assert.Equal(0, counts.GetProperty("in_progress").GetInt32());
        Assert.Equal(0, counts.GetProperty("failed").GetInt32());
        Assert.Equal(1, counts.GetProperty("total").GetInt32());
        var file = await cluster[2].GetAsync($"/v1/vector_stores/{store}/files/{fileId}", ct);
        Assert.Equal("completed", file.Json.GetProperty("status").GetString());
        var search = await cluster[2].PostAsync($"/v1/vector_stores/{store}/search", """{"query":"ledger QX-4471"}""", ct);
        Assert.Contains("QX-4471", search.Json.GetProperty("data")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_threads_sandbox_files_follow_its_runs_to_another_node()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, thread) = await SeedAsync(cluster[0], "sandbox-files", ct);
        await cluster[0].PostAsync($"/v1/assistants/{assistant}", """{"tools":[{"type":"code_interpreter"}]}""", ct);
        cluster.Upstream.Enqueue(Script.ToolCalls(("call_write", "code_interpreter", """{"code":"answer = 41\nopen('/mnt/data/notes.txt', 'w').write('kept across nodes')"}""")));
        cluster.Upstream.Enqueue(Script.Reply("written"));
        var first = await cluster[0].PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        Assert.Equal("completed", (await WaitForTerminalAsync(cluster[0], thread, first.Id, ct)).GetProperty("status").GetString());

        cluster.Upstream.Enqueue(Script.ToolCalls(("call_read", "code_interpreter", """{"code":"print(open('/mnt/data/notes.txt').read())\nprint('answer' in globals())"}""")));
        cluster.Upstream.Enqueue(Script.Reply("read"));
        var second = await cluster[1].PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
        Assert.Equal("completed", (await WaitForTerminalAsync(cluster[1], thread, second.Id, ct)).GetProperty("status").GetString());

        var steps = await cluster[2].GetAsync($"/v1/threads/{thread}/runs/{second.Id}/steps", ct);
        var call = steps.Json.GetProperty("data").EnumerateArray()
            .Single(s => s.GetProperty("type").GetString() == "tool_calls")
            .GetProperty("step_details").GetProperty("tool_calls")[0].GetProperty("code_interpreter");
        // The file came with the thread; the interpreter's variables stayed with the first node's session.
        Assert.Equal("kept across nodes\nFalse\n", call.GetProperty("outputs")[0].GetProperty("logs").GetString());
    }

    private static async Task<(string Assistant, string Thread)> SeedAsync(SpindleNode node, string marker, CancellationToken ct, string instructions = "You are a personal math tutor.")
    {
        var assistant = await node.PostAsync("/v1/assistants", $$"""{"model":"gpt-4o","instructions":"{{JsonEncodedText.Encode(instructions)}}"}""", ct);
        var thread = await node.PostAsync("/v1/threads", $$"""{"messages":[{"role":"user","content":"{{marker}}"}]}""", ct);
        return (assistant.Id, thread.Id);
    }

    private static async Task<JsonElement> WaitForTerminalAsync(SpindleNode node, string thread, string run, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Takeover;
        while (true)
        {
            var reply = await node.GetAsync($"/v1/threads/{thread}/runs/{run}", ct);
            var status = reply.Json.GetProperty("status").GetString();
            if (status is not ("queued" or "in_progress" or "cancelling"))
            {
                return reply.Json;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Run {run} was still {status} after {Takeover.TotalSeconds} s.");
            await Task.Delay(50, ct);
        }
    }
}
