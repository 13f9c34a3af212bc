using System.Net;
using Spindle.Testing;

namespace Spindle.Server.Tests.VectorStores;

public sealed class DocumentIngestionTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task A_batch_of_a_pdf_a_docx_and_a_broken_pdf_ends_with_two_completed_one_failed_and_searchable_text()
    {
        var ct = TestContext.Current.CancellationToken;
        var pdf = await VectorStoreWire.UploadAsync(spindle, "manual.pdf",
            TestDocuments.Pdf(["Chapter one: the turbine spins at 1800 rpm."], ["Chapter two: lubricate the gearbox every 500 hours."]), ct);
        var docx = await VectorStoreWire.UploadAsync(spindle, "policy.docx",
            TestDocuments.Docx(["Remote work is allowed on Fridays."], [["Team", "Office days"], ["Platform", "Tuesday"]], "Approved by the board."), ct);
        var broken = await VectorStoreWire.UploadAsync(spindle, "broken.pdf", "%PDF-1.7 this is not really a pdf"u8.ToArray(), ct);
        var store = await VectorStoreWire.CreateStoreAsync(spindle, """{"name":"Docs"}""", ct);

        var batch = await spindle.PostAsync($"/v1/vector_stores/{store.Id}/file_batches", $$"""{"file_ids":["{{pdf}}","{{docx}}","{{broken}}"]}""", ct);
        Assert.Equal(HttpStatusCode.OK, batch.Status);
        Assert.Equal("vector_store.file_batch", batch.Json.GetProperty("object").GetString());
        Assert.Equal(3, batch.Json.GetProperty("file_counts").GetProperty("total").GetInt32());

        var done = (await VectorStoreWire.PollCountsAsync(spindle, $"/v1/vector_stores/{store.Id}/file_batches/{batch.Id}", ct)).Json;
        var counts = done.GetProperty("file_counts");
        Assert.Equal((2, 1, 0), (counts.GetProperty("completed").GetInt32(), counts.GetProperty("failed").GetInt32(), counts.GetProperty("in_progress").GetInt32()));
        Assert.Equal("completed", done.GetProperty("status").GetString());

        var failed = (await spindle.GetAsync($"/v1/vector_stores/{store.Id}/files/{broken}", ct)).Json;
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("invalid_file", failed.GetProperty("last_error").GetProperty("code").GetString());

        var storeJson = (await spindle.GetAsync($"/v1/vector_stores/{store.Id}", ct)).Json;
        Assert.Equal("completed", storeJson.GetProperty("status").GetString());
        Assert.True(storeJson.GetProperty("usage_bytes").GetInt64() > 0);

        var fromPdf = await spindle.PostAsync($"/v1/vector_stores/{store.Id}/search", """{"query":"how often to lubricate the gearbox"}""", ct);
        var top = fromPdf.Json.GetProperty("data")[0];
        Assert.Equal(pdf, top.GetProperty("file_id").GetString());
        Assert.Contains("500 hours", top.GetProperty("content")[0].GetProperty("text").GetString());

        var fromDocx = await spindle.PostAsync($"/v1/vector_stores/{store.Id}/search", """{"query":"which day does the Platform team come to the office"}""", ct);
        Assert.Equal(docx, fromDocx.Json.GetProperty("data")[0].GetProperty("file_id").GetString());
        Assert.Contains("Tuesday", fromDocx.Json.GetProperty("data")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }
}
