using System.ClientModel;
using System.Security.Cryptography;
using OpenAI;
using OpenAI.Files;
using Spindle.Testing;

namespace Spindle.Conformance.DotNetSdk;

/// <summary>Upload, list, download and delete through the official <see cref="OpenAIFileClient"/> (ASSISTANTS_API.md §2.5).</summary>
public sealed class FilesTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    // Only the base URL changes, as for the Assistants client in Sdk.Client.
    private readonly OpenAIFileClient _client =
        new(new ApiKeyCredential(SpindleFixture.KeyA), new OpenAIClientOptions { Endpoint = spindle.ApiUrl });

    [Fact]
    public async Task Upload_list_download_and_delete_round_trip_through_the_sdk()
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = RandomNumberGenerator.GetBytes(256 * 1024);

        OpenAIFile uploaded = await _client.UploadFileAsync(new MemoryStream(bytes), "data.bin", FileUploadPurpose.Assistants, ct);
        OpenAIFile fetched = await _client.GetFileAsync(uploaded.Id, ct);
        OpenAIFileCollection listed = await _client.GetFilesAsync(FilePurpose.Assistants, ct);
        BinaryData downloaded = await _client.DownloadFileAsync(uploaded.Id, ct);
        FileDeletionResult deleted = await _client.DeleteFileAsync(uploaded.Id, ct);

        Assert.StartsWith("file-", uploaded.Id, StringComparison.Ordinal);
        Assert.Equal(("data.bin", FilePurpose.Assistants, (long?)bytes.Length), (uploaded.Filename, uploaded.Purpose, uploaded.SizeInBytesLong));
        Assert.Equal((uploaded.Id, uploaded.CreatedAt), (fetched.Id, fetched.CreatedAt));
        Assert.Contains(listed, f => f.Id == uploaded.Id);
        Assert.Equal(bytes, downloaded.ToArray());
        Assert.True(deleted.Deleted);
        Assert.Equal(uploaded.Id, deleted.FileId);
        var missing = await Assert.ThrowsAsync<ClientResultException>(() => _client.GetFileAsync(uploaded.Id, ct));
        Assert.Equal(404, missing.Status);
    }
}
