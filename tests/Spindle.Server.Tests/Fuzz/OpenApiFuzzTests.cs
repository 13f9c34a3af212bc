using System.Net.Http.Headers;
using System.Text;
using Spindle.Server.Tests.Errors;
using Spindle.Server.Tests.VectorStores;
using Spindle.Testing;

namespace Spindle.Server.Tests.Fuzz;

/// <summary>
/// Bad requests generated from the OpenAPI reference (<see cref="FuzzCases"/>), sent to one seeded server: each must
/// be a 4xx with OpenAI's envelope, the status its kind calls for (400 for a bad body or query, 404 for a bad id),
/// the <c>param</c> the mutation touched where the case pins it, and leave every stored row and blob unchanged.
/// </summary>
public sealed class OpenApiFuzzTests(OpenApiFuzzTests.Seeded spindle) : IClassFixture<OpenApiFuzzTests.Seeded>
{
    public static TheoryData<string, string> Operations => new(FuzzCases.Operations().Select(o => (o.Method, o.Path)));

    [Fact]
    public void Every_operation_of_the_reference_gets_generated_cases()
    {
        var counts = FuzzCases.Operations().ToDictionary(o => $"{o.Method} {o.Path}", o => FuzzCases.For(o.Method, o.Path).Count);

        TestContext.Current.TestOutputHelper?.WriteLine($"{counts.Values.Sum()} cases over {counts.Count} operations");
        Assert.Equal(46, counts.Count);
        Assert.All(counts, c => Assert.True(c.Value > 0, c.Key));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Generated_bad_requests_get_the_envelope_and_change_nothing(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var ids = await spindle.IdsAsync(ct);
        var before = await TenantSnapshot.TakeAsync(spindle, "tenant-a", ct);
        var failures = new List<string>();

        foreach (var fuzz in FuzzCases.For(method, path))
        {
            var reply = await SendAsync(fuzz, ids, ct);
            var failure = Check(fuzz, reply);
            if (failure is null && await TenantSnapshot.TakeAsync(spindle, "tenant-a", ct) != before)
            {
                failure = "the stored state changed";
                before = await TenantSnapshot.TakeAsync(spindle, "tenant-a", ct);
            }

            if (failure is not null)
            {
                failures.Add($"{fuzz}\n    -> {(int)reply.Status} {reply.Body[..Math.Min(reply.Body.Length, 300)]}\n    {failure}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failing cases:\n{string.Join("\n", failures)}");
    }

    private static string? Check(FuzzCase fuzz, Reply reply)
    {
        if ((int)reply.Status != fuzz.Status)
        {
            return $"expected {fuzz.Status}";
        }

        if (fuzz.Kind == FuzzCases.KestrelNul)
        {
            return reply.Body.Length == 0 ? null : "expected Kestrel's empty 400";
        }

        try
        {
            var error = ErrorEnvelope.Shape(reply);
            var param = error.GetProperty("param").GetString();
            return fuzz.Param is null || param == fuzz.Param || (fuzz.Param.EndsWith('*') && param?.StartsWith(fuzz.Param.TrimEnd('*'), StringComparison.Ordinal) == true)
                ? null
                : $"expected param '{fuzz.Param}'";
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException or System.Text.Json.JsonException)
        {
            return e.Message;
        }
    }

    private async Task<Reply> SendAsync(FuzzCase fuzz, IReadOnlyDictionary<string, string> ids, CancellationToken ct)
    {
        string Fill(string text) => ids.Aggregate(text, (s, id) => s.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));

        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), "v1" + Fill(fuzz.Path));
        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.Latin1.GetBytes(Fill(fuzz.Body)));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(fuzz.ContentType ?? "application/json");
        }

        using var response = await spindle.Http.SendAsync(request, ct);
        return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(ct), new Dictionary<string, string>());
    }

    /// <summary>
    /// A server with one of each object for tenant A: an assistant, a thread with a message and a completed run and
    /// its step, a file, and a vector store holding that file through a finished batch.
    /// </summary>
    public sealed class Seeded : SpindleFixture
    {
        private Task<IReadOnlyDictionary<string, string>>? _ids;

        public Task<IReadOnlyDictionary<string, string>> IdsAsync(CancellationToken ct) => _ids ??= SeedAllAsync(ct);

        private async Task<IReadOnlyDictionary<string, string>> SeedAllAsync(CancellationToken ct)
        {
            var (assistant, thread) = await SeedAsync(ct);
            var run = await PostAsync($"/v1/threads/{thread}/runs", $$"""{"assistant_id":"{{assistant}}"}""", ct);
            Assert.Equal("completed", (await WaitForRunAsync(thread, run.Id, ct)).Json.GetProperty("status").GetString());
            var step = (await GetAsync($"/v1/threads/{thread}/runs/{run.Id}/steps", ct)).Json.GetProperty("data")[0].GetProperty("id").GetString()!;
            var message = (await GetAsync($"/v1/threads/{thread}/messages", ct)).Json.GetProperty("data")[0].GetProperty("id").GetString()!;
            var file = await VectorStoreWire.UploadAsync(this, "notes.txt", "Tenant A keeps its notes here.", ct);
            var store = (await VectorStoreWire.CreateStoreAsync(this, "{}", ct)).Id;
            var batch = (await PostAsync($"/v1/vector_stores/{store}/file_batches", $$"""{"file_ids":["{{file}}"]}""", ct)).Id;
            await VectorStoreWire.PollCountsAsync(this, $"/v1/vector_stores/{store}/file_batches/{batch}", ct);
            return new Dictionary<string, string>
            {
                ["assistant_id"] = assistant,
                ["thread_id"] = thread,
                ["message_id"] = message,
                ["run_id"] = run.Id,
                ["step_id"] = step,
                ["file_id"] = file,
                ["vector_store_id"] = store,
                ["batch_id"] = batch,
                ["model"] = "gpt-4o",
            };
        }
    }
}
