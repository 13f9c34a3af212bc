using Spindle.Core.Queue;
using Spindle.Testing;

namespace Spindle.Server.Tests.Runs;

/// <summary>
/// A request that queues a run hands the executor the run as it stored it, and the executor starts it with one
/// compare-and-set against that text. When the run changed while it waited (new metadata, a cancel), the write is
/// refused and the executor goes on from what is stored, never from what it was handed.
/// </summary>
public sealed class HandedRunTests(HandedRunTests.HeldQueueSpindle spindle) : IClassFixture<HandedRunTests.HeldQueueSpindle>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_given_metadata_while_it_waits_in_the_queue_starts_from_what_is_stored_and_keeps_it()
    {
        spindle.Upstream.Enqueue(Script.Reply("Answered after the wait."));
        var (assistant, thread) = await spindle.SeedAsync(Ct);
        var run = await HeldAsync(() => spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", Ct));
        var runId = run.Json.GetProperty("id").GetString()!;

        var modified = await spindle.PostAsync($"/v1/threads/{thread}/runs/{runId}", """{"metadata":{"k":"set while queued"}}""", Ct);
        Assert.Equal("queued", modified.Json.GetProperty("status").GetString());
        await spindle.Queue.ReleaseAsync();

        var ended = await spindle.WaitForRunAsync(thread, runId, Ct);
        Assert.Equal("completed", ended.Json.GetProperty("status").GetString());
        Assert.Equal("set while queued", ended.Json.GetProperty("metadata").GetProperty("k").GetString());
        var answer = (await spindle.GetAsync($"/v1/threads/{thread}/messages?limit=1", Ct)).Json.GetProperty("data")[0];
        Assert.Equal("Answered after the wait.", answer.GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_run_cancelled_while_it_waits_in_the_queue_ends_cancelled_without_calling_the_model()
    {
        var (assistant, thread) = await spindle.SeedAsync(Ct);
        var requestsBefore = spindle.Upstream.Requests.Count;
        var run = await HeldAsync(() => spindle.PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", Ct));
        var runId = run.Json.GetProperty("id").GetString()!;

        await spindle.PostAsync($"/v1/threads/{thread}/runs/{runId}/cancel", "", Ct);
        await spindle.Queue.ReleaseAsync();

        var ended = await spindle.WaitForRunAsync(thread, runId, Ct);
        Assert.Equal("cancelled", ended.Json.GetProperty("status").GetString());
        Assert.Equal(requestsBefore, spindle.Upstream.Requests.Count);
    }

    // Creates a run while the queue holds what it is given, and checks the run really waits there.
    private async Task<Reply> HeldAsync(Func<Task<Reply>> create)
    {
        spindle.Queue.Hold();
        var run = await create();
        Assert.Equal("queued", run.Json.GetProperty("status").GetString());
        Assert.Contains(spindle.Queue.Held, item => item.RunId == run.Json.GetProperty("id").GetString() && item.Run is not null);
        return run;
    }

    /// <summary>Spindle whose run queue keeps what it is given while held, and passes it on when released.</summary>
    public sealed class HeldQueueSpindle : SpindleFixture
    {
        public HoldingRunQueue Queue { get; private set; } = null!;

        protected override void ConfigureServices(IServiceCollection services)
        {
            var registered = services.Last(static d => d.ServiceType == typeof(IRunQueue));
            services.Remove(registered);
            services.AddSingleton<IRunQueue>(provider => Queue = new HoldingRunQueue((IRunQueue)registered.ImplementationFactory!(provider)));
        }
    }

    public sealed class HoldingRunQueue(IRunQueue inner) : IRunQueue
    {
        private readonly Lock _lock = new();
        private readonly List<RunWorkItem> _held = [];
        private bool _holding;

        public IReadOnlyList<RunWorkItem> Held
        {
            get
            {
                lock (_lock)
                {
                    return [.. _held];
                }
            }
        }

        public void Hold()
        {
            lock (_lock)
            {
                _holding = true;
            }
        }

        public async Task ReleaseAsync()
        {
            List<RunWorkItem> held;
            lock (_lock)
            {
                (_holding, held) = (false, [.. _held]);
                _held.Clear();
            }

            foreach (var item in held)
            {
                await inner.EnqueueAsync(item, CancellationToken.None);
            }
        }

        public ValueTask EnqueueAsync(RunWorkItem item, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (_holding)
                {
                    _held.Add(item);
                    return ValueTask.CompletedTask;
                }
            }

            return inner.EnqueueAsync(item, cancellationToken);
        }

        public IAsyncEnumerable<RunWorkItem> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

        public ValueTask CompleteAsync(RunWorkItem item, CancellationToken cancellationToken) => inner.CompleteAsync(item, cancellationToken);

        public ValueTask InterruptAsync(string runId, CancellationToken cancellationToken) => inner.InterruptAsync(runId, cancellationToken);
    }
}
