using System.Globalization;
using Microsoft.Extensions.Options;
using Spindle.Core.Errors;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Wire;

namespace Spindle.Core.Files;

/// <summary>
/// Upload, list, read and delete files (ASSISTANTS_API.md §2.5, §3.2). Metadata lives in the object store,
/// bytes in the blob store: bytes are written first and the row last, so a file is never listed without its bytes.
/// </summary>
public sealed class FileService(IObjectStore store, IBlobStore blobs, IOptions<FilesOptions> options, TimeProvider time)
{
    /// <summary>Both the largest and the default <c>limit</c> of <c>GET /files</c> (ASSISTANTS_API.md §1.4).</summary>
    public const int MaxListLimit = 10_000;

    // expires_after.seconds bounds, and the default lifetime of batch files; every other purpose never expires (§3.2).
    private const long MinExpirySeconds = 3_600, MaxExpirySeconds = 2_592_000, BatchExpirySeconds = 2_592_000;

    private static readonly string[] Purposes = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"];

    public long MaxBytes => options.Value.MaxBytes;

    /// <summary>
    /// Streams an upload's bytes into the blob store under a new id, failing once they pass <see cref="MaxBytes"/>.
    /// The result becomes a file through <see cref="CreateAsync"/>, or must be given to <see cref="DiscardAsync"/>.
    /// </summary>
    public async Task<StagedFile> StageAsync(TenantId tenant, Stream content, CancellationToken cancellationToken)
    {
        var id = Ids.New(Ids.File);
        await using var limited = new LimitedReadStream(content, MaxBytes);
        return new StagedFile(id, await blobs.PutAsync(tenant, id, limited, cancellationToken));
    }

    /// <summary>Validates the other fields and makes the staged bytes a file; on any failure the bytes are removed.</summary>
    public async Task<OpenAIFile> CreateAsync(TenantId tenant, FileUpload upload, CancellationToken cancellationToken)
    {
        var staged = upload.Content ?? throw ApiErrors.MissingParameter("file");
        try
        {
            var purpose = Purpose(upload.Purpose);
            var createdAt = time.GetUtcNow().ToUnixTimeSeconds();
            var file = new OpenAIFile
            {
                Id = staged.Id,
                Bytes = staged.Bytes,
                CreatedAt = createdAt,
                Filename = string.IsNullOrWhiteSpace(upload.Filename) ? "file" : upload.Filename,
                Purpose = purpose,
                ExpiresAt = createdAt + ExpirySeconds(purpose, upload.ExpiresAfterAnchor, upload.ExpiresAfterSeconds),
            };
            await store.InsertAsync(tenant, Kinds.Files, file, cancellationToken);
            return file;
        }
        catch
        {
            await DiscardAsync(tenant, staged);
            throw;
        }
    }

    /// <summary>
    /// Stores a file a tool made (a plot, a CSV the code wrote) with purpose <c>assistants_output</c>, as OpenAI
    /// stored code-interpreter outputs (ASSISTANTS_API.md §6.5 (c)).
    /// </summary>
    public async Task<OpenAIFile> CreateOutputAsync(TenantId tenant, string fileName, byte[] content, CancellationToken cancellationToken)
    {
        var id = Ids.New(Ids.File);
        var bytes = await blobs.PutAsync(tenant, id, new MemoryStream(content, writable: false), cancellationToken);
        var file = new OpenAIFile { Id = id, Bytes = bytes, CreatedAt = time.GetUtcNow().ToUnixTimeSeconds(), Filename = fileName, Purpose = "assistants_output" };
        await store.InsertAsync(tenant, Kinds.Files, file, cancellationToken);
        return file;
    }

    /// <summary>Reads a whole file, for tools that hand it to a sandbox.</summary>
    public async Task<(OpenAIFile File, byte[] Content)> ReadAllAsync(TenantId tenant, string fileId, CancellationToken cancellationToken)
    {
        var (file, content) = await OpenContentAsync(tenant, fileId, cancellationToken);
        await using (content)
        {
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            return (file, buffer.ToArray());
        }
    }

    /// <summary>Removes staged bytes that will not become a file. Runs to the end even when the request was aborted.</summary>
    public Task DiscardAsync(TenantId tenant, StagedFile staged) => blobs.DeleteAsync(tenant, staged.Id, CancellationToken.None);

    public async Task<OpenAIFile> GetAsync(TenantId tenant, string fileId, CancellationToken cancellationToken)
    {
        var file = await store.GetAsync(tenant, Kinds.Files, fileId, cancellationToken);
        if (file is null)
        {
            throw ApiErrors.NoSuchFile(fileId);
        }

        if (IsExpired(file))
        {
            await RemoveAsync(tenant, fileId, cancellationToken);
            throw ApiErrors.NoSuchFile(fileId);
        }

        return file;
    }

    /// <summary>Lists files, optionally of one <paramref name="purpose"/>; expired files are left out.</summary>
    public async Task<ListResponse<OpenAIFile>> ListAsync(TenantId tenant, ListParams list, string? purpose, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(tenant, Kinds.Files, list.ToQuery(tag: string.IsNullOrEmpty(purpose) ? null : purpose), f => f.Id, cancellationToken);
        if (!page.Data.Any(IsExpired))
        {
            return page;
        }

        // The cursor stays on the last stored row, so paging goes on past a page whose files all expired.
        var data = page.Data.Where(f => !IsExpired(f)).ToList();
        return new ListResponse<OpenAIFile>(data, data.Count > 0 ? data[0].Id : null, data.Count > 0 ? data[^1].Id : page.HasMore ? page.LastId : null, page.HasMore);
    }

    public async Task<FileContent> OpenContentAsync(TenantId tenant, string fileId, CancellationToken cancellationToken)
    {
        var file = await GetAsync(tenant, fileId, cancellationToken);
        var content = await blobs.OpenAsync(tenant, fileId, cancellationToken) ?? throw ApiErrors.NoSuchFile(fileId);
        return new FileContent(file, content);
    }

    // DELETE /files answers "object":"file", not "file.deleted" (ASSISTANTS_API.md §1.5).
    public async Task<DeletedObject> DeleteAsync(TenantId tenant, string fileId, CancellationToken cancellationToken) =>
        await RemoveAsync(tenant, fileId, cancellationToken)
            ? new DeletedObject(fileId, "file", true)
            : throw ApiErrors.NoSuchFile(fileId);

    private async Task<bool> RemoveAsync(TenantId tenant, string fileId, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(tenant, Kinds.Files.Name, fileId, cancellationToken))
        {
            return false;
        }

        await blobs.DeleteAsync(tenant, fileId, CancellationToken.None);
        return true;
    }

    private bool IsExpired(OpenAIFile file) => file.ExpiresAt is { } at && at <= time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Checks a <c>purpose</c> field; the endpoint calls it as soon as the field arrives, before the file's bytes.</summary>
    public static string Purpose(string? purpose) => purpose switch
    {
        null or "" => throw ApiErrors.MissingParameter("purpose"),
        _ when Purposes.Contains(purpose, StringComparer.Ordinal) => purpose,
        _ => throw ApiErrors.InvalidValue("purpose",
            $"Invalid value: '{purpose}'. Supported values are: {string.Join(", ", Purposes.Select(p => $"'{p}'"))}."),
    };

    private static long? ExpirySeconds(string purpose, string? anchor, string? seconds)
    {
        if (anchor is null && seconds is null)
        {
            return purpose == "batch" ? BatchExpirySeconds : null;
        }

        if (anchor != "created_at")
        {
            throw anchor is null
                ? ApiErrors.MissingParameter("expires_after.anchor")
                : ApiErrors.InvalidValue("expires_after.anchor", $"Invalid value: '{anchor}'. Supported values are: 'created_at'.");
        }

        if (seconds is null)
        {
            throw ApiErrors.MissingParameter("expires_after.seconds");
        }

        if (!long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw ApiErrors.InvalidType("expires_after.seconds", "an integer");
        }

        return value is >= MinExpirySeconds and <= MaxExpirySeconds
            ? value
            : throw ApiErrors.InvalidValue("expires_after.seconds",
                $"Invalid 'expires_after.seconds': expected an integer between {MinExpirySeconds} and {MaxExpirySeconds}, got {value}.");
    }
}
