using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Spindle.Core.Storage;
using Spindle.Server.Tests.Errors;
using Spindle.Storage.Blobs;
using Spindle.Testing;

namespace Spindle.Server.Tests.Files;

/// <summary>Upload, retrieve, download and delete on the wire (ASSISTANTS_API.md §2.5, §3.2, §1.5).</summary>
public sealed class FileCrudTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Upload_returns_the_file_object_with_every_field_OpenAI_sends()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var reply = await FileForms.UploadAsync(spindle, "hello files"u8.ToArray(), ct, filename: "hello.txt");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var file = reply.Json;
        Assert.Equal(["bytes", "created_at", "expires_at", "filename", "id", "object", "purpose", "status", "status_details"],
            file.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.StartsWith("file-", reply.Id, StringComparison.Ordinal);
        Assert.Equal(29, reply.Id.Length);
        Assert.Equal("file", file.GetProperty("object").GetString());
        Assert.Equal(11, file.GetProperty("bytes").GetInt64());
        Assert.InRange(file.GetProperty("created_at").GetInt64(), before, before + 5);
        Assert.Equal("hello.txt", file.GetProperty("filename").GetString());
        Assert.Equal("assistants", file.GetProperty("purpose").GetString());
        Assert.Equal("processed", file.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, file.GetProperty("expires_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, file.GetProperty("status_details").ValueKind);
    }

    [Fact]
    public async Task Get_returns_the_same_object_as_the_upload()
    {
        var ct = TestContext.Current.CancellationToken;
        var uploaded = await FileForms.UploadAsync(spindle, "abc"u8.ToArray(), ct, purpose: "user_data");

        var reply = await spindle.GetAsync($"/v1/files/{uploaded.Id}", ct);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(uploaded.Body, reply.Body);
    }

    [Fact]
    public async Task Content_round_trips_3_MB_of_random_bytes_exactly()
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        var uploaded = await FileForms.UploadAsync(spindle, bytes, ct, filename: "blob.bin");

        var (response, downloaded) = await FileForms.DownloadAsync(spindle.Http, uploaded.Id, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes.Length, uploaded.Json.GetProperty("bytes").GetInt64());
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        Assert.True(bytes.AsSpan().SequenceEqual(downloaded), "the downloaded bytes differ from the uploaded ones");
    }

    [Fact]
    public async Task Upload_larger_than_the_32_MB_json_body_limit_is_accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = RandomNumberGenerator.GetBytes(33 * 1024 * 1024);

        var uploaded = await FileForms.UploadAsync(spindle, bytes, ct, filename: "big.bin");
        var (_, downloaded) = await FileForms.DownloadAsync(spindle.Http, uploaded.Id, ct);

        Assert.True(HttpStatusCode.OK == uploaded.Status, uploaded.Body);
        Assert.Equal(bytes.Length, uploaded.Json.GetProperty("bytes").GetInt64());
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(downloaded));
    }

    [Theory]
    [InlineData("notes.md", "text/markdown")]
    [InlineData("data.json", "application/json")]
    [InlineData("report.pdf", "application/pdf")]
    [InlineData("no-extension", "application/octet-stream")]
    public async Task Content_type_follows_the_file_name_extension(string filename, string mediaType)
    {
        var ct = TestContext.Current.CancellationToken;
        var uploaded = await FileForms.UploadAsync(spindle, "{}"u8.ToArray(), ct, filename: filename);

        var (response, _) = await FileForms.DownloadAsync(spindle.Http, uploaded.Id, ct);

        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Purpose_may_follow_the_file_and_expires_after_sets_expires_at()
    {
        var ct = TestContext.Current.CancellationToken;
        var form = FileForms.Form("x"u8.ToArray(), purpose: "vision", purposeFirst: false,
            fields: [("expires_after[anchor]", "created_at"), ("expires_after[seconds]", "3600")]);

        var reply = await FileForms.PostAsync(spindle.Http, form, ct);

        Assert.True(HttpStatusCode.OK == reply.Status, reply.Body);
        Assert.Equal("vision", reply.Json.GetProperty("purpose").GetString());
        Assert.Equal(reply.Json.GetProperty("created_at").GetInt64() + 3600, reply.Json.GetProperty("expires_at").GetInt64());
    }

    [Fact]
    public async Task Batch_files_expire_after_30_days_by_default()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await FileForms.UploadAsync(spindle, "{}\n"u8.ToArray(), ct, filename: "batch.jsonl", purpose: "batch");

        Assert.Equal(reply.Json.GetProperty("created_at").GetInt64() + 30 * 24 * 3600, reply.Json.GetProperty("expires_at").GetInt64());
    }

    [Fact]
    public async Task Filename_keeps_non_ascii_characters()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await FileForms.UploadAsync(spindle, Encoding.UTF8.GetBytes("olá"), ct, filename: "relatório çé.txt");

        Assert.Equal("relatório çé.txt", reply.Json.GetProperty("filename").GetString());
    }

    [Fact]
    public async Task Delete_answers_object_file_and_later_reads_are_404_no_such_file()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = (await FileForms.UploadAsync(spindle, "bye"u8.ToArray(), ct)).Id;

        var deleted = await spindle.DeleteAsync($"/v1/files/{id}", ct);
        var get = await spindle.GetAsync($"/v1/files/{id}", ct);
        var content = await spindle.GetAsync($"/v1/files/{id}/content", ct);
        var again = await spindle.DeleteAsync($"/v1/files/{id}", ct);

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal($$"""{"id":"{{id}}","object":"file","deleted":true}""", deleted.Body);
        Assert.Equal($"No such File object: {id}", ErrorEnvelope.Assert(get, HttpStatusCode.NotFound, "id").GetProperty("message").GetString());
        ErrorEnvelope.Assert(content, HttpStatusCode.NotFound, "id");
        ErrorEnvelope.Assert(again, HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Delete_removes_the_bytes_from_the_blob_directory()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = (await FileForms.UploadAsync(spindle, "on disk"u8.ToArray(), ct)).Id;
        var root = ((FileSystemBlobStore)spindle.Services.GetRequiredService<IBlobStore>()).Root;
        var blob = Assert.Single(Directory.GetFiles(root, id, SearchOption.AllDirectories));
        Assert.Equal("on disk", await File.ReadAllTextAsync(blob, ct));

        await spindle.DeleteAsync($"/v1/files/{id}", ct);

        Assert.False(File.Exists(blob));
    }

    [Fact]
    public async Task Unknown_file_is_404_with_OpenAI_message()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await spindle.GetAsync("/v1/files/file-doesnotexist", ct);

        var error = ErrorEnvelope.Assert(reply, HttpStatusCode.NotFound, "id");
        Assert.Equal("No such File object: file-doesnotexist", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Files_do_not_require_the_OpenAI_Beta_header()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = spindle.CreateClient(SpindleFixture.KeyA, beta: false);

        var uploaded = await FileForms.PostAsync(client, FileForms.Form("no beta"u8.ToArray()), ct);
        var listed = await SpindleFixture.SendAsync(client, HttpMethod.Get, "/v1/files", null, ct);

        Assert.True(HttpStatusCode.OK == uploaded.Status, uploaded.Body);
        Assert.Equal(HttpStatusCode.OK, listed.Status);
    }
}
