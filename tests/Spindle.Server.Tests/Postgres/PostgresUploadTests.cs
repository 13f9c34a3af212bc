using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Spindle.Server.Tests.Files;

namespace Spindle.Server.Tests.Postgres;

/// <summary>Spindle on PostgreSQL with a pool of four connections, two of which the node holds for good.</summary>
public sealed class SmallPoolPostgresSpindle : PostgresSpindle
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Spindle:Storage:ConnectionString"] += ";Maximum Pool Size=4";
    }
}

public sealed class PostgresUploadTests(SmallPoolPostgresSpindle spindle) : IClassFixture<SmallPoolPostgresSpindle>
{
    [Fact]
    public async Task Uploads_still_arriving_hold_no_connection_so_other_requests_go_on()
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = RandomNumberGenerator.GetBytes(PostgresUploadBytes);
        var pipes = Enumerable.Range(0, 3).Select(_ => new Pipe()).ToArray();
        var uploads = pipes.Select(pipe =>
        {
            var file = new StreamContent(pipe.Reader.AsStream());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            var form = new MultipartFormDataContent { { new StringContent("assistants"), "purpose" }, { file, "file", "slow.bin" } };
            return FileForms.PostAsync(spindle.Http, form, ct);
        }).ToArray();
        foreach (var pipe in pipes)
        {
            await pipe.Writer.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), ct);
        }

        // Three uploads are half sent and waiting for their clients; more than the two free connections.
        var assistant = await spindle.PostAsync("/v1/assistants", """{"model":"gpt-4o"}""", ct);
        Assert.True(assistant.Status == HttpStatusCode.OK, assistant.Body);

        foreach (var pipe in pipes)
        {
            await pipe.Writer.WriteAsync(bytes.AsMemory(bytes.Length / 2), ct);
            await pipe.Writer.CompleteAsync();
        }

        foreach (var upload in await Task.WhenAll(uploads))
        {
            Assert.True(upload.Status == HttpStatusCode.OK, upload.Body);
            var (_, downloaded) = await FileForms.DownloadAsync(spindle.Http, upload.Id, ct);
            Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(downloaded));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1024 * 1024)]
    [InlineData(2 * 1024 * 1024)]
    [InlineData(2 * 1024 * 1024 + 7)]
    public async Task Content_round_trips_exactly_at_the_edges_of_the_stored_parts(int length)
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = RandomNumberGenerator.GetBytes(length);

        var uploaded = await FileForms.UploadAsync(spindle, bytes, ct, filename: "edge.bin");
        var (response, downloaded) = await FileForms.DownloadAsync(spindle.Http, uploaded.Id, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(length, uploaded.Json.GetProperty("bytes").GetInt64());
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(downloaded));
    }

    /// <summary>More than one stored part, so an upload crosses from memory to its temporary file.</summary>
    private const int PostgresUploadBytes = 3 * 1024 * 1024 / 2;
}
