using System.Net;
using System.Text.Json;
using Spindle.Server.Tests.Errors;
using Spindle.Testing;

namespace Spindle.Server.Tests.VectorStores;

/// <summary>
/// Vector-store files and batches: shapes, ingestion to completed/failed, counts the SDK pollers rely on
/// (ASSISTANTS_API.md §3.2, §7.3 O14), filters, detach.
/// </summary>
public sealed class VectorStoreFileTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private const string Handbook = "The refund policy allows returns within thirty days of purchase with a receipt.";

    [Fact]
    public async Task Store_created_with_file_ids_starts_in_progress_then_counts_move_to_completed()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = await VectorStoreWire.UploadAsync(spindle, "a.txt", Handbook, ct);
        var b = await VectorStoreWire.UploadAsync(spindle, "b.md", "# Shipping\nParcels ship within two business days.", ct);

        var created = (await VectorStoreWire.CreateStoreAsync(spindle, $$"""{"name":"kb","file_ids":["{{a}}","{{b}}"]}""", ct)).Json;
        var id = created.GetProperty("id").GetString();
        var done = (await VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{id}", ct)).Json;

        Assert.Equal("in_progress", created.GetProperty("status").GetString());
        Assert.Equal("""{"in_progress":2,"completed":0,"failed":0,"cancelled":0,"total":2}""", created.GetProperty("file_counts").GetRawText());
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal("""{"in_progress":0,"completed":2,"failed":0,"cancelled":0,"total":2}""", done.GetProperty("file_counts").GetRawText());
        Assert.True(done.GetProperty("usage_bytes").GetInt64() > 0);
    }

    [Fact]
    public async Task Vector_store_file_has_the_file_id_and_reports_auto_chunking_as_static_800_400()
    {
        var ct = TestContext.Current.CancellationToken;
        var fileId = await VectorStoreWire.UploadAsync(spindle, "handbook.txt", Handbook, ct);
        var store = (await VectorStoreWire.CreateStoreAsync(spindle, "{}", ct)).Id;

        var attached = await spindle.PostAsync($"/v1/vector_stores/{store}/files", $$$"""{"file_id":"{{{fileId}}}","attributes":{"dept":"sales","year":2024}}""", ct);
        var file = (await VectorStoreWire.PollFileAsync(spindle, store, fileId, ct)).Json;

        Assert.True(attached.Status == HttpStatusCode.OK, attached.Body);
        Assert.Equal("in_progress", attached.Json.GetProperty("status").GetString());
        Assert.Equal(["attributes", "chunking_strategy", "created_at", "id", "last_error", "object", "status", "usage_bytes", "vector_store_id"], VectorStoreWire.Keys(file));
        Assert.Equal(fileId, file.GetProperty("id").GetString());
        Assert.Equal("vector_store.file", file.GetProperty("object").GetString());
        Assert.Equal(store, file.GetProperty("vector_store_id").GetString());
        Assert.Equal("completed", file.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, file.GetProperty("last_error").ValueKind);
        Assert.True(file.GetProperty("usage_bytes").GetInt64() > 0);
        Assert.Equal("""{"type":"static","static":{"max_chunk_size_tokens":800,"chunk_overlap_tokens":400}}""", file.GetProperty("chunking_strategy").GetRawText());
        Assert.Equal("""{"dept":"sales","year":2024}""", file.GetProperty("attributes").GetRawText());
    }

    [Fact]
    public async Task Static_chunking_is_kept_and_attributes_can_be_updated()
    {
        var ct = TestContext.Current.CancellationToken;
        var fileId = await VectorStoreWire.UploadAsync(spindle, "static.txt", Handbook, ct);
        var store = (await VectorStoreWire.CreateStoreAsync(spindle, "{}", ct)).Id;

        await spindle.PostAsync($"/v1/vector_stores/{store}/files",
            $$$$"""{"file_id":"{{{{fileId}}}}","chunking_strategy":{"type":"static","static":{"max_chunk_size_tokens":100,"chunk_overlap_tokens":50}}}""", ct);
        await VectorStoreWire.PollFileAsync(spindle, store, fileId, ct);
        var updated = (await spindle.PostAsync($"/v1/vector_stores/{store}/files/{fileId}", """{"attributes":{"tier":"gold"}}""", ct)).Json;

        Assert.Equal("""{"type":"static","static":{"max_chunk_size_tokens":100,"chunk_overlap_tokens":50}}""", updated.GetProperty("chunking_strategy").GetRawText());
        Assert.Equal("""{"tier":"gold"}""", updated.GetProperty("attributes").GetRawText());
        Assert.Equal("completed", updated.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_batch_of_three_text_files_completes_and_lists_its_files()
    {
        var ct = TestContext.Current.CancellationToken;
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await VectorStoreWire.UploadAsync(spindle, $"doc{i}.txt", $"Document number {i} talks about topic {i}.", ct));
        }

        var store = (await VectorStoreWire.CreateStoreAsync(spindle, "{}", ct)).Id;
        var batch = (await spindle.PostAsync($"/v1/vector_stores/{store}/file_batches", $$"""{"file_ids":["{{string.Join("\",\"", ids)}}"]}""", ct)).Json;
        var batchId = batch.GetProperty("id").GetString();
        var done = (await VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{store}/file_batches/{batchId}", ct)).Json;
        var files = (await spindle.GetAsync($"/v1/vector_stores/{store}/file_batches/{batchId}/files?order=asc", ct)).Json;

        Assert.StartsWith("vsfb_", batchId, StringComparison.Ordinal);
        Assert.Equal(["created_at", "file_counts", "id", "object", "status", "vector_store_id"], VectorStoreWire.Keys(batch));
        Assert.Equal("vector_store.file_batch", batch.GetProperty("object").GetString());
        Assert.Equal("in_progress", batch.GetProperty("status").GetString());
        Assert.Equal(3, batch.GetProperty("file_counts").GetProperty("in_progress").GetInt32());
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal("""{"in_progress":0,"completed":3,"failed":0,"cancelled":0,"total":3}""", done.GetProperty("file_counts").GetRawText());
        Assert.Equal(ids, files.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.Equal((ids[0], ids[2]), (files.GetProperty("first_id").GetString(), files.GetProperty("last_id").GetString()));
    }

    [Fact]
    public async Task An_unreadable_file_fails_with_last_error_and_counts_as_failed_in_its_batch()
    {
        var ct = TestContext.Current.CancellationToken;
        var good = await VectorStoreWire.UploadAsync(spindle, "good.txt", Handbook, ct);
        var bad = await VectorStoreWire.UploadAsync(spindle, "blob.bin", [0, 1, 2, 3, 0xFF, 0xFE, 0, 7], ct);
        var store = (await VectorStoreWire.CreateStoreAsync(spindle, "{}", ct)).Id;

        var batch = (await spindle.PostAsync($"/v1/vector_stores/{store}/file_batches", $$"""{"files":[{"file_id":"{{good}}"},{"file_id":"{{bad}}"}]}""", ct)).Json;
        var done = (await VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{store}/file_batches/{batch.GetProperty("id").GetString()}", ct)).Json;
        var failed = (await spindle.GetAsync($"/v1/vector_stores/{store}/files/{bad}", ct)).Json;
        var failedOnly = (await spindle.GetAsync($"/v1/vector_stores/{store}/files?filter=failed", ct)).Json;
        var completedOnly = (await spindle.GetAsync($"/v1/vector_stores/{store}/files?filter=completed", ct)).Json;
        var storeNow = (await spindle.GetAsync($"/v1/vector_stores/{store}", ct)).Json;

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal("""{"in_progress":0,"completed":1,"failed":1,"cancelled":0,"total":2}""", done.GetProperty("file_counts").GetRawText());
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("unsupported_file", failed.GetProperty("last_error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("last_error").GetProperty("message").GetString()));
        Assert.Equal([bad], failedOnly.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.Equal([good], completedOnly.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.Equal("completed", storeNow.GetProperty("status").GetString());
        Assert.Equal(1, storeNow.GetProperty("file_counts").GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task Deleting_a_vector_store_file_detaches_it_and_the_file_stays()
    {
        var ct = TestContext.Current.CancellationToken;
        var fileId = await VectorStoreWire.UploadAsync(spindle, "detach.txt", Handbook, ct);
        var store = (await VectorStoreWire.CreateStoreAsync(spindle, $$"""{"file_ids":["{{fileId}}"]}""", ct)).Id;
        await VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{store}", ct);

        var deleted = await spindle.DeleteAsync($"/v1/vector_stores/{store}/files/{fileId}", ct);
        var gone = await spindle.GetAsync($"/v1/vector_stores/{store}/files/{fileId}", ct);
        var file = await spindle.GetAsync($"/v1/files/{fileId}", ct);
        var storeNow = (await spindle.GetAsync($"/v1/vector_stores/{store}", ct)).Json;

        Assert.Equal($$"""{"id":"{{fileId}}","object":"vector_store.file.deleted","deleted":true}""", deleted.Body);
        ErrorEnvelope.Assert(gone, HttpStatusCode.NotFound, null);
        Assert.Equal(HttpStatusCode.OK, file.Status);
        Assert.Equal(0, storeNow.GetProperty("file_counts").GetProperty("total").GetInt32());
        Assert.Equal(0, storeNow.GetProperty("usage_bytes").GetInt64());
    }

    [Fact]
    public async Task Deleting_a_file_removes_it_from_every_vector_store()
    {
        var ct = TestContext.Current.CancellationToken;
        var fileId = await VectorStoreWire.UploadAsync(spindle, "everywhere.txt", Handbook, ct);
        var first = (await VectorStoreWire.CreateStoreAsync(spindle, $$"""{"file_ids":["{{fileId}}"]}""", ct)).Id;
        var second = (await VectorStoreWire.CreateStoreAsync(spindle, $$"""{"file_ids":["{{fileId}}"]}""", ct)).Id;

        var deleted = await spindle.DeleteAsync($"/v1/files/{fileId}", ct);

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        foreach (var store in new[] { first, second })
        {
            ErrorEnvelope.Assert(await spindle.GetAsync($"/v1/vector_stores/{store}/files/{fileId}", ct), HttpStatusCode.NotFound, null);
            Assert.Equal(0, (await spindle.GetAsync($"/v1/vector_stores/{store}", ct)).Json.GetProperty("file_counts").GetProperty("total").GetInt32());
        }
    }

    [Fact]
    public async Task File_content_is_the_parsed_text_as_a_file_content_page()
    {
        var ct = TestContext.Current.CancellationToken;
        var fileId = await VectorStoreWire.UploadAsync(spindle, "content.txt", Handbook, ct);
        var store = (await VectorStoreWire.CreateStoreAsync(spindle, $$"""{"file_ids":["{{fileId}}"]}""", ct)).Id;
        await VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{store}", ct);

        var page = (await spindle.GetAsync($"/v1/vector_stores/{store}/files/{fileId}/content", ct)).Json;

        Assert.Equal("vector_store.file_content.page", page.GetProperty("object").GetString());
        Assert.False(page.GetProperty("has_more").GetBoolean());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_page").ValueKind);
        Assert.Equal("text", page.GetProperty("data")[0].GetProperty("type").GetString());
        Assert.Contains("refund policy", string.Concat(page.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("text").GetString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_finished_batch_is_400_and_a_bad_filter_names_filter()
    {
        var ct = TestContext.Current.CancellationToken;
        var fileId = await VectorStoreWire.UploadAsync(spindle, "cancel.txt", Handbook, ct);
        var store = (await VectorStoreWire.CreateStoreAsync(spindle, "{}", ct)).Id;
        var batch = (await spindle.PostAsync($"/v1/vector_stores/{store}/file_batches", $$"""{"file_ids":["{{fileId}}"]}""", ct)).Json.GetProperty("id").GetString();
        await VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{store}/file_batches/{batch}", ct);

        var cancel = await spindle.PostAsync($"/v1/vector_stores/{store}/file_batches/{batch}/cancel", "", ct);
        var filter = await spindle.GetAsync($"/v1/vector_stores/{store}/files?filter=done", ct);
        var both = await spindle.PostAsync($"/v1/vector_stores/{store}/file_batches", $$"""{"file_ids":["{{fileId}}"],"files":[{"file_id":"{{fileId}}"}]}""", ct);
        var none = await spindle.PostAsync($"/v1/vector_stores/{store}/file_batches", "{}", ct);

        ErrorEnvelope.Assert(cancel, HttpStatusCode.BadRequest, null);
        ErrorEnvelope.Assert(filter, HttpStatusCode.BadRequest, "filter", "invalid_value");
        ErrorEnvelope.Assert(both, HttpStatusCode.BadRequest, "files", "invalid_value");
        ErrorEnvelope.Assert(none, HttpStatusCode.BadRequest, "file_ids", "missing_required_parameter");
    }
}
