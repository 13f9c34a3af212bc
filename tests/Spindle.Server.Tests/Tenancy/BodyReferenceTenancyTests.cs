using System.Net;
using Spindle.Server.Tests.Errors;
using Spindle.Server.Tests.VectorStores;
using Spindle.Testing;

namespace Spindle.Server.Tests.Tenancy;

/// <summary>
/// Tenant B names tenant A's files and vector stores, in request bodies and in the file and vector-store routes.
/// Every answer must be, byte for byte apart from the id, the 404 that an id which never existed gets, and neither
/// tenant's stored state may change. The assistant, thread, message and run routes are in
/// <see cref="TenantIsolationTests"/>.
/// </summary>
public sealed class BodyReferenceTenancyTests(BodyReferenceTenancyTests.Seeded spindle) : IClassFixture<BodyReferenceTenancyTests.Seeded>
{
    private const string CodeFile = """{"code_interpreter":{"file_ids":["{file}"]}}""";
    private const string SearchStore = """{"file_search":{"vector_store_ids":["{vs}"]}}""";
    private const string HelperFile = """{"file_search":{"vector_stores":[{"file_ids":["{file}"]}]}}""";
    private const string Attached = """{"role":"user","content":"look","attachments":[{"file_id":"{file}","tools":[{"type":"code_interpreter"}]}]}""";
    private const string Searched = """{"role":"user","content":"look","attachments":[{"file_id":"{file}","tools":[{"type":"file_search"}]}]}""";
    private const string Image = """{"role":"user","content":[{"type":"image_file","image_file":{"file_id":"{file}"}}]}""";

    private static readonly Dictionary<string, string> Missing = new()
    {
        ["file"] = "file-neverexisted0000000000000",
        ["vs"] = "vs_neverexisted00000000000000",
        ["batch"] = "vsfb_neverexisted000000000000",
    };

    public static TheoryData<string, string, string?> Requests
    {
        get
        {
            var data = new TheoryData<string, string, string?>();
            foreach (var resources in new[] { CodeFile, SearchStore, HelperFile })
            {
                data.Add("POST", "/v1/assistants", $$"""{"model":"gpt-4o","tool_resources":{{resources}}}""");
                data.Add("POST", "/v1/assistants/{b_asst}", $$"""{"tool_resources":{{resources}}}""");
                data.Add("POST", "/v1/threads", $$"""{"tool_resources":{{resources}}}""");
                data.Add("POST", "/v1/threads/{b_thread}", $$"""{"tool_resources":{{resources}}}""");
                data.Add("POST", "/v1/threads/runs", $$"""{"assistant_id":"{b_asst}","tool_resources":{{resources}}}""");
                data.Add("POST", "/v1/threads/runs", $$$"""{"assistant_id":"{b_asst}","thread":{"tool_resources":{{{resources}}}}}""");
            }

            foreach (var message in new[] { Attached, Searched, Image })
            {
                data.Add("POST", "/v1/threads", $$"""{"messages":[{{message}}]}""");
                data.Add("POST", "/v1/threads/{b_thread}/messages", message);
                data.Add("POST", "/v1/threads/runs", $$$"""{"assistant_id":"{b_asst}","thread":{"messages":[{{{message}}}]}}""");
                data.Add("POST", "/v1/threads/{b_thread}/runs", $$"""{"assistant_id":"{b_asst}","additional_messages":[{{message}}]}""");
            }

            data.Add("POST", "/v1/vector_stores", """{"file_ids":["{file}"]}""");
            data.Add("POST", "/v1/vector_stores/{b_vs}/files", """{"file_id":"{file}"}""");
            data.Add("POST", "/v1/vector_stores/{b_vs}/file_batches", """{"file_ids":["{file}"]}""");
            data.Add("POST", "/v1/vector_stores/{b_vs}/file_batches", """{"files":[{"file_id":"{file}"}]}""");
            data.Add("GET", "/v1/vector_stores/{b_vs}/files/{file}", null);

            data.Add("GET", "/v1/files/{file}", null);
            data.Add("GET", "/v1/files/{file}/content", null);
            data.Add("DELETE", "/v1/files/{file}", null);
            data.Add("GET", "/v1/vector_stores/{vs}", null);
            data.Add("POST", "/v1/vector_stores/{vs}", """{"name":"taken over"}""");
            data.Add("DELETE", "/v1/vector_stores/{vs}", null);
            data.Add("POST", "/v1/vector_stores/{vs}/search", """{"query":"notes"}""");
            data.Add("GET", "/v1/vector_stores/{vs}/files", null);
            data.Add("POST", "/v1/vector_stores/{vs}/files", """{"file_id":"{b_file}"}""");
            data.Add("GET", "/v1/vector_stores/{vs}/files/{file}", null);
            data.Add("POST", "/v1/vector_stores/{vs}/files/{file}", """{"attributes":{"owner":"b"}}""");
            data.Add("DELETE", "/v1/vector_stores/{vs}/files/{file}", null);
            data.Add("GET", "/v1/vector_stores/{vs}/files/{file}/content", null);
            data.Add("POST", "/v1/vector_stores/{vs}/file_batches", """{"file_ids":["{b_file}"]}""");
            data.Add("GET", "/v1/vector_stores/{vs}/file_batches/{batch}", null);
            data.Add("POST", "/v1/vector_stores/{vs}/file_batches/{batch}/cancel", null);
            data.Add("GET", "/v1/vector_stores/{vs}/file_batches/{batch}/files", null);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Tenant_A_ids_get_exactly_the_missing_id_404_and_nothing_is_stored(string method, string path, string? body)
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = await spindle.IdsAsync(ct);
        var real = new Dictionary<string, string>(a);
        var missing = new Dictionary<string, string>(Missing);
        foreach (var (key, id) in b)
        {
            real[key] = missing[key] = id;
        }

        using var client = spindle.CreateClient(SpindleFixture.KeyB);
        var before = await SnapshotAsync(ct);

        var onA = await SpindleFixture.SendAsync(client, new HttpMethod(method), Fill(path, real), body is null ? null : Fill(body, real), ct);
        var onNothing = await SpindleFixture.SendAsync(client, new HttpMethod(method), Fill(path, missing), body is null ? null : Fill(body, missing), ct);

        ErrorEnvelope.Shape(onA);
        Assert.Equal(HttpStatusCode.NotFound, onA.Status);
        Assert.Equal(onNothing.Status, onA.Status);
        Assert.Equal(onNothing.Body, a.Aggregate(onA.Body, (s, id) => s.Replace(id.Value, missing[id.Key], StringComparison.Ordinal)));
        Assert.Equal(before, await SnapshotAsync(ct));
    }

    private async Task<string> SnapshotAsync(CancellationToken ct) =>
        await TenantSnapshot.TakeAsync(spindle, "tenant-a", ct) + "\n" + await TenantSnapshot.TakeAsync(spindle, "tenant-b", ct);

    private static string Fill(string text, Dictionary<string, string> ids) =>
        ids.Aggregate(text, (s, id) => s.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));

    /// <summary>
    /// Tenant A: a file in a vector store through a finished batch. Tenant B: an assistant, a thread, an empty vector
    /// store and a file of its own.
    /// </summary>
    public sealed class Seeded : SpindleFixture
    {
        private Task<(Dictionary<string, string> A, Dictionary<string, string> B)>? _ids;

        public Task<(Dictionary<string, string> A, Dictionary<string, string> B)> IdsAsync(CancellationToken ct) => _ids ??= SeedAsync(ct);

        private async Task<(Dictionary<string, string>, Dictionary<string, string>)> SeedAsync(CancellationToken ct)
        {
            var file = await VectorStoreWire.UploadAsync(this, "notes.txt", "Tenant A keeps its notes here.", ct);
            var store = (await VectorStoreWire.CreateStoreAsync(this, "{}", ct)).Id;
            var batch = (await PostAsync($"/v1/vector_stores/{store}/file_batches", $$"""{"file_ids":["{{file}}"]}""", ct)).Id;
            await VectorStoreWire.PollCountsAsync(this, $"/v1/vector_stores/{store}/file_batches/{batch}", ct);

            using var b = CreateClient(KeyB);
            var bFile = await Files.FileForms.PostAsync(b, Files.FileForms.Form("b"u8.ToArray(), "b.txt"), ct);
            return (
                new() { ["file"] = file, ["vs"] = store, ["batch"] = batch },
                new()
                {
                    ["b_asst"] = (await SendAsync(b, HttpMethod.Post, "/v1/assistants", """{"model":"gpt-4o"}""", ct)).Id,
                    ["b_thread"] = (await SendAsync(b, HttpMethod.Post, "/v1/threads", "{}", ct)).Id,
                    ["b_vs"] = (await SendAsync(b, HttpMethod.Post, "/v1/vector_stores", "{}", ct)).Id,
                    ["b_file"] = bFile.Id,
                });
        }
    }
}
