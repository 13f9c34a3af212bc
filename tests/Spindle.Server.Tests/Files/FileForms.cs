using System.Net.Http.Headers;
using Spindle.Testing;

namespace Spindle.Server.Tests.Files;

/// <summary>Multipart uploads to <c>POST /v1/files</c>, built the way the SDKs build them (ASSISTANTS_API.md §1.2).</summary>
internal static class FileForms
{
    public static MultipartFormDataContent Form(byte[]? bytes, string filename = "notes.txt", string? purpose = "assistants", bool purposeFirst = true,
        params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        if (purposeFirst && purpose is not null)
        {
            form.Add(new StringContent(purpose), "purpose");
        }

        if (bytes is not null)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", filename);
        }

        if (!purposeFirst && purpose is not null)
        {
            form.Add(new StringContent(purpose), "purpose");
        }

        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    public static Task<Reply> UploadAsync(SpindleFixture spindle, byte[] bytes, CancellationToken cancellationToken, string filename = "notes.txt", string purpose = "assistants") =>
        PostAsync(spindle.Http, Form(bytes, filename, purpose), cancellationToken);

    public static async Task<Reply> PostAsync(HttpClient client, HttpContent content, CancellationToken cancellationToken)
    {
        using (content)
        {
            using var response = await client.PostAsync("v1/files", content, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new Reply(response.StatusCode, body, response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value)));
        }
    }

    public static async Task<(HttpResponseMessage Response, byte[] Bytes)> DownloadAsync(HttpClient client, string fileId, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync($"v1/files/{fileId}/content", cancellationToken);
        return (response, await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }
}
