using System.ClientModel;
using OpenAI;
using OpenAI.Files;
using OpenAI.VectorStores;
using Spindle.Testing;

namespace Spindle.Conformance.DotNetSdk;

/// <summary>
/// The official <see cref="VectorStoreClient"/> against Spindle: create a store, add files through a batch, poll to
/// completion, list and detach (ASSISTANTS_API.md §2.6, §7.3 O14). The .NET SDK sends no OpenAI-Beta header here.
/// </summary>
public sealed class VectorStoreTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Store_batch_and_files_round_trip_through_the_sdk()
    {
        var ct = TestContext.Current.CancellationToken;
        var files = new OpenAIFileClient(new ApiKeyCredential(SpindleFixture.KeyA), new OpenAIClientOptions { Endpoint = spindle.ApiUrl });
        var stores = new VectorStoreClient(new ApiKeyCredential(SpindleFixture.KeyA), new VectorStoreClientOptions { Endpoint = spindle.ApiUrl });
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            OpenAIFile file = await files.UploadFileAsync(BinaryData.FromString($"Chapter {i}: the lighthouse keeper counts {i} ships.").ToStream(), $"chapter{i}.txt", FileUploadPurpose.Assistants, ct);
            ids.Add(file.Id);
        }

        VectorStore store = await stores.CreateVectorStoreAsync(new VectorStoreCreationOptions { Name = "sdk-store" }, ct);
        VectorStoreFileBatch batch = await stores.AddFileBatchToVectorStoreAsync(store.Id, ids, ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(PollTimeout);
        while (batch.Status == VectorStoreFileBatchStatus.InProgress)
        {
            await Task.Delay(20, timeout.Token);
            batch = await stores.GetVectorStoreFileBatchAsync(store.Id, batch.BatchId, timeout.Token);
        }

        VectorStore completed = await stores.GetVectorStoreAsync(store.Id, ct);
        var listed = new List<VectorStoreFile>();
        await foreach (var file in stores.GetVectorStoreFilesAsync(store.Id, cancellationToken: ct))
        {
            listed.Add(file);
        }

        FileFromStoreRemovalResult removed = await stores.RemoveFileFromVectorStoreAsync(store.Id, ids[0], ct);
        VectorStoreDeletionResult deleted = await stores.DeleteVectorStoreAsync(store.Id, ct);

        Assert.StartsWith("vs_", store.Id, StringComparison.Ordinal);
        Assert.Equal(("sdk-store", VectorStoreStatus.Completed), (store.Name, store.Status));
        Assert.StartsWith("vsfb_", batch.BatchId, StringComparison.Ordinal);
        Assert.Equal(store.Id, batch.VectorStoreId);
        Assert.Equal(VectorStoreFileBatchStatus.Completed, batch.Status);
        Assert.Equal((0, 3, 0, 0, 3), (batch.FileCounts.InProgress, batch.FileCounts.Completed, batch.FileCounts.Failed, batch.FileCounts.Cancelled, batch.FileCounts.Total));
        Assert.Equal(VectorStoreStatus.Completed, completed.Status);
        Assert.Equal(3, completed.FileCounts.Completed);
        Assert.True(completed.UsageBytes > 0);
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(f => f.FileId).Order(StringComparer.Ordinal));
        Assert.All(listed, f => Assert.Equal(VectorStoreFileStatus.Completed, f.Status));
        Assert.All(listed, f => Assert.Null(f.LastError));
        Assert.True(removed.Removed);
        Assert.True(deleted.Deleted);
    }
}
