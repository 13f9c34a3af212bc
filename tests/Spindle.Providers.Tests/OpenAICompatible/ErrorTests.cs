using Spindle.Core.Upstream;
using Spindle.Providers.OpenAICompatible;
using Spindle.Testing;

namespace Spindle.Providers.Tests.OpenAICompatible;

public sealed class ErrorTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private OpenAICompatibleModelClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync(TestContext.Current.CancellationToken);
        _client = new OpenAICompatibleModelClient("fake", _upstream.BaseUrl, "sk-configured-secret", []);
    }

    public ValueTask DisposeAsync() => _upstream.DisposeAsync();

    [Theory]
    [InlineData(429, "rate_limit_exceeded")]
    [InlineData(400, "invalid_prompt")]
    [InlineData(500, "server_error")]
    [InlineData(503, "server_error")]
    [InlineData(404, "server_error")]
    public async Task An_upstream_error_status_becomes_a_model_exception_with_its_code(int status, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        _upstream.Enqueue(Script.Error(status, "Something upstream went wrong."));

        var error = await Assert.ThrowsAsync<ModelException>(() => _client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct).AsTask());

        Assert.Equal(code, error.Code);
        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Something upstream went wrong.", error.Message, StringComparison.Ordinal);
        Assert.Contains("'fake'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_limited_request_is_not_retried_by_the_sdk()
    {
        var ct = TestContext.Current.CancellationToken;
        _upstream.Enqueue(Script.Error(429, "Rate limit reached for fake-model."));

        await Assert.ThrowsAsync<ModelException>(() => _client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct).AsTask());

        Assert.Single(_upstream.Requests);
    }

    [Fact]
    public async Task The_api_key_never_appears_in_the_error_message()
    {
        var ct = TestContext.Current.CancellationToken;
        _upstream.Enqueue(Script.Error(401, "Incorrect API key provided: sk-configured-secret."));

        var error = await Assert.ThrowsAsync<ModelException>(() => _client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct).AsTask());

        Assert.Equal("server_error", error.Code);
        Assert.DoesNotContain("sk-configured-secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("Incorrect API key provided", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_aborted_mid_stream_becomes_server_error_after_the_deltas_already_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new ChunkGate();
        _upstream.Enqueue(Script.Reply("one ", "two ", "three").FailAfter(2).HoldEachChunkUntil(gate.WaitAsync));

        List<string> seen = [];
        var error = await Assert.ThrowsAsync<ModelException>(async () =>
        {
            await foreach (var update in _client.StreamAsync(Requests.SayHi(), ct))
            {
                if (update is ModelUpdate.TextDelta delta)
                {
                    seen.Add(delta.Text);
                    gate.Release();
                }
            }
        });

        Assert.Equal("server_error", error.Code);
        Assert.Contains("'fake'", error.Message, StringComparison.Ordinal);
        Assert.Equal(["one ", "two "], seen);
    }

    [Fact]
    public async Task A_connection_aborted_before_any_chunk_becomes_server_error()
    {
        var ct = TestContext.Current.CancellationToken;
        _upstream.Enqueue(Script.ToolCalls(("call_1", "f", "{}")).FailAfter(0));

        var error = await Assert.ThrowsAsync<ModelException>(() => _client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct).AsTask());

        Assert.Equal("server_error", error.Code);
    }

    [Fact]
    public async Task An_unreachable_upstream_becomes_server_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var closed = await FakeUpstream.StartAsync(ct);
        var baseUrl = closed.BaseUrl;
        await closed.DisposeAsync();
        var client = new OpenAICompatibleModelClient("gone", baseUrl, "sk-configured-secret", []);

        var error = await Assert.ThrowsAsync<ModelException>(() => client.StreamAsync(Requests.SayHi(), ct).ToListAsync(ct).AsTask());

        Assert.Equal("server_error", error.Code);
        Assert.Contains("Could not reach upstream 'gone'", error.Message, StringComparison.Ordinal);
    }
}
