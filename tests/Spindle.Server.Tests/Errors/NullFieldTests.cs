using System.Net;
using System.Text.Json;
using Spindle.Server.Tests.VectorStores;
using Spindle.Testing;

namespace Spindle.Server.Tests.Errors;

/// <summary>
/// JSON <c>null</c> is taken where the reference or the SDK types declare the field nullable, and is a 400 naming the
/// field where they do not; leaving a field out is always fine unless it is required.
/// </summary>
public sealed class NullFieldTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Nullable_assistant_fields_take_null_and_keep_their_value()
    {
        var ct = TestContext.Current.CancellationToken;
        var (assistant, _) = await spindle.SeedAsync(ct);

        var reply = await spindle.PostAsync($"/v1/assistants/{assistant}",
            """{"name":null,"description":null,"instructions":null,"tool_resources":null,"metadata":null,"temperature":null,"top_p":null,"response_format":null,"reasoning_effort":null}""", ct);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("Math Tutor", reply.Json.GetProperty("name").GetString());
        Assert.Equal(1.0, reply.Json.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task Vector_store_nulls_follow_the_reference()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = await VectorStoreWire.UploadAsync(spindle, "notes.txt", "Some notes.", ct);
        var store = (await VectorStoreWire.CreateStoreAsync(spindle, $$"""{"file_ids":["{{file}}"]}""", ct)).Id;
        await VectorStoreWire.PollFileAsync(spindle, store, file, ct);
        var labelled = await spindle.PostAsync($"/v1/vector_stores/{store}/files/{file}", """{"attributes":{"topic":"notes"}}""", ct);
        Assert.Equal("""{"topic":"notes"}""", labelled.Json.GetProperty("attributes").GetRawText());

        var unlabelled = await spindle.PostAsync($"/v1/vector_stores/{store}/files/{file}", """{"attributes":null}""", ct);
        var renamed = await spindle.PostAsync($"/v1/vector_stores/{store}", """{"name":null,"expires_after":null,"metadata":null}""", ct);

        Assert.Equal(HttpStatusCode.OK, unlabelled.Status);
        Assert.Equal("{}", unlabelled.Json.GetProperty("attributes").GetRawText());
        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        Assert.Equal(JsonValueKind.Null, renamed.Json.GetProperty("expires_after").ValueKind);
        ErrorEnvelope.Assert(await spindle.PostAsync($"/v1/vector_stores/{store}/files/{file}", "{}", ct), HttpStatusCode.BadRequest, "attributes", "missing_required_parameter");
        ErrorEnvelope.Assert(await spindle.PostAsync($"/v1/vector_stores/{store}/file_batches", """{"files":null}""", ct), HttpStatusCode.BadRequest, "files", "invalid_type");
        ErrorEnvelope.Assert(await spindle.PostAsync($"/v1/vector_stores/{store}/file_batches", """{"file_ids":null}""", ct), HttpStatusCode.BadRequest, "file_ids", "invalid_type");
        ErrorEnvelope.Assert(await spindle.PostAsync($"/v1/vector_stores/{store}/search", """{"query":"notes","filters":null}""", ct), HttpStatusCode.BadRequest, "filters", "invalid_type");
        ErrorEnvelope.Assert(await spindle.PostAsync("/v1/vector_stores", """{"chunking_strategy":null}""", ct), HttpStatusCode.BadRequest, "chunking_strategy", "invalid_type");
    }
}
