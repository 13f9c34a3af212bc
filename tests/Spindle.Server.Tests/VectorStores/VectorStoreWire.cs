using System.Net;
using System.Text;
using System.Text.Json;
using Spindle.Server.Tests.Files;
using Spindle.Testing;

namespace Spindle.Server.Tests.VectorStores;

/// <summary>Uploads, store creation and the pollers' loop, over raw HTTP.</summary>
internal static class VectorStoreWire
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(30);

    public static async Task<string> UploadAsync(SpindleFixture spindle, string filename, string text, CancellationToken cancellationToken) =>
        await UploadAsync(spindle, filename, Encoding.UTF8.GetBytes(text), cancellationToken);

    public static async Task<string> UploadAsync(SpindleFixture spindle, string filename, byte[] bytes, CancellationToken cancellationToken)
    {
        var reply = await FileForms.UploadAsync(spindle, bytes, cancellationToken, filename);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        return reply.Id;
    }

    public static async Task<Reply> CreateStoreAsync(SpindleFixture spindle, string json, CancellationToken cancellationToken)
    {
        var reply = await spindle.PostAsync("/v1/vector_stores", json, cancellationToken);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        return reply;
    }

    /// <summary>Polls GET <paramref name="path"/> until <c>file_counts.in_progress</c> is 0, as Python's batch poller does (§7.3 O14).</summary>
    public static async Task<Reply> PollCountsAsync(SpindleFixture spindle, string path, CancellationToken cancellationToken) =>
        await PollAsync(spindle, path, json => json.GetProperty("file_counts").GetProperty("in_progress").GetInt32() == 0, cancellationToken);

    /// <summary>Polls a vector-store file until it is completed or failed, as Node's file poller does (§7.3 O14).</summary>
    public static async Task<Reply> PollFileAsync(SpindleFixture spindle, string storeId, string fileId, CancellationToken cancellationToken) =>
        await PollAsync(spindle, $"/v1/vector_stores/{storeId}/files/{fileId}", json => json.GetProperty("status").GetString() is "completed" or "failed", cancellationToken);

    public static async Task<Reply> PollAsync(SpindleFixture spindle, string path, Func<JsonElement, bool> done, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + PollTimeout;
        while (true)
        {
            var reply = await spindle.GetAsync(path, cancellationToken);
            Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
            if (done(reply.Json))
            {
                return reply;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} still not done: {reply.Body}");
            await Task.Delay(20, cancellationToken);
        }
    }

    public static IReadOnlyList<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
}
