using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Spindle.Core.Errors;
using Spindle.Core.Files;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.VectorStores;
using Spindle.Core.Wire;
using Spindle.Server.Auth;

namespace Spindle.Server.Endpoints;

internal static class FilesEndpoints
{
    // Room for boundaries, part headers and the small fields beside the file, on top of Spindle:Files:MaxBytes.
    private const long FormOverheadBytes = 1024 * 1024;

    private const int MaxFieldBytes = 4096;

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static RouteGroupBuilder MapFiles(this RouteGroupBuilder v1)
    {
        var files = v1.MapGroup("/files").WithTags("Files");
        files.MapPost("/", UploadAsync);
        files.MapGet("/", ListAsync);
        files.MapGet("/{fileId}", GetAsync);
        files.MapGet("/{fileId}/content", ContentAsync);
        files.MapDelete("/{fileId}", DeleteAsync);
        return files;
    }

    private static async Task<Ok<OpenAIFile>> UploadAsync(HttpRequest http, Caller caller, FileService files, CancellationToken cancellationToken)
    {
        var upload = await ReadFormAsync(http, caller.Tenant, files, cancellationToken);
        return TypedResults.Ok(await files.CreateAsync(caller.Tenant, upload, cancellationToken));
    }

    // GET /files has no `before`, and its limit goes up to 10,000 with 10,000 as the default (ASSISTANTS_API.md §1.4).
    private static async Task<Ok<ListResponse<OpenAIFile>>> ListAsync(HttpRequest http, Caller caller, FileService files, CancellationToken cancellationToken)
    {
        var query = http.Query;
        var list = ListParams.Parse(ListQueryString.Value(query, "limit"), ListQueryString.Value(query, "order"), ListQueryString.Value(query, "after"),
            before: null, maxLimit: FileService.MaxListLimit, defaultLimit: FileService.MaxListLimit);
        return TypedResults.Ok(await files.ListAsync(caller.Tenant, list, ListQueryString.Value(query, "purpose"), cancellationToken));
    }

    private static async Task<Ok<OpenAIFile>> GetAsync(string fileId, Caller caller, FileService files, CancellationToken cancellationToken) =>
        TypedResults.Ok(await files.GetAsync(caller.Tenant, fileId, cancellationToken));

    // The spec calls the body a JSON string; OpenAI serves the raw bytes, and so do the SDKs' `content()` helpers (§2.5).
    private static async Task<FileStreamHttpResult> ContentAsync(string fileId, Caller caller, FileService files, CancellationToken cancellationToken)
    {
        var (file, content) = await files.OpenContentAsync(caller.Tenant, fileId, cancellationToken);
        return TypedResults.File(content, ContentTypes.TryGetContentType(file.Filename, out var type) ? type : "application/octet-stream");
    }

    // Deleting a file also removes it from every vector store of the tenant (ASSISTANTS_API.md §2.5).
    private static async Task<Ok<DeletedObject>> DeleteAsync(
        string fileId, Caller caller, FileService files, VectorStoreFileService vectorStoreFiles, CancellationToken cancellationToken)
    {
        var deleted = await files.DeleteAsync(caller.Tenant, fileId, cancellationToken);
        await vectorStoreFiles.DetachEverywhereAsync(caller.Tenant, fileId, cancellationToken);
        return TypedResults.Ok(deleted);
    }

    /// <summary>
    /// Reads the form section by section, streaming the file straight into the blob store: the body is never buffered,
    /// and the fields may come in any order (the SDKs differ on whether <c>purpose</c> precedes <c>file</c>).
    /// </summary>
    private static async Task<FileUpload> ReadFormAsync(HttpRequest http, TenantId tenant, FileService files, CancellationToken cancellationToken)
    {
        var boundary = Boundary(http.ContentType) ?? throw ApiErrors.NotMultipart();
        AllowBodyOf(http, files.MaxBytes);
        var upload = new FileUpload();
        try
        {
            var reader = new MultipartReader(boundary, http.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                var name = HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).Value ?? "";
                upload = name switch
                {
                    "file" when upload.Content is not null => throw ApiErrors.InvalidValue("file", "Invalid 'file': expected exactly one file per request."),
                    "file" => upload with { Filename = FileName(disposition!), Content = await files.StageAsync(tenant, section.Body, cancellationToken) },
                    "purpose" => upload with { Purpose = FileService.Purpose(await ReadFieldAsync(section, name, cancellationToken)) },
                    "expires_after[anchor]" => upload with { ExpiresAfterAnchor = await ReadFieldAsync(section, name, cancellationToken) },
                    "expires_after[seconds]" => upload with { ExpiresAfterSeconds = await ReadFieldAsync(section, name, cancellationToken) },
                    _ => throw ApiErrors.UnknownParameter(name),
                };
            }
        }
        catch (Exception e)
        {
            if (upload.Content is { } staged)
            {
                await files.DiscardAsync(tenant, staged);
            }

            switch (e)
            {
                case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                    throw ApiErrors.FileTooLarge(files.MaxBytes);
                case InvalidDataException:
                    throw ApiErrors.Invalid("file", $"The multipart/form-data body could not be read: {e.Message}");

                // MultipartReader reports a body that never shows its boundary (a mismatched boundary, random bytes,
                // nothing at all) as the stream ending early.
                case IOException and not BadHttpRequestException when !cancellationToken.IsCancellationRequested:
                    throw ApiErrors.Invalid("file", "The multipart/form-data body could not be read: it ended before its closing boundary.");
            }

            throw;
        }

        return upload;
    }

    // Kestrel's limit for every other endpoint is SpindleHosting.MaxRequestBodyBytes; uploads get Spindle:Files:MaxBytes.
    private static void AllowBodyOf(HttpRequest http, long maxFileBytes)
    {
        var limit = maxFileBytes + FormOverheadBytes;
        if (http.ContentLength > limit)
        {
            throw ApiErrors.FileTooLarge(maxFileBytes);
        }

        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
    }

    private static string? Boundary(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        && HeaderUtilities.RemoveQuotes(media.Boundary).Value is { Length: > 0 } boundary
            ? boundary
            : null;

    private static string? FileName(ContentDispositionHeaderValue disposition) =>
        HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value is { Length: > 0 } star ? star : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;

    private static async Task<string> ReadFieldAsync(MultipartSection section, string name, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await section.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return length > MaxFieldBytes
            ? throw ApiErrors.InvalidValue(name, $"Invalid '{name}': the value is longer than {MaxFieldBytes} bytes.")
            : Encoding.UTF8.GetString(buffer, 0, length);
    }
}
