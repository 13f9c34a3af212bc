using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Spindle.Core.VectorStores;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;
using Spindle.Server.Auth;

namespace Spindle.Server.Endpoints;

// No OpenAI-Beta requirement here: the .NET SDK does not send it on /vector_stores (ASSISTANTS_API.md §1.1).
internal static class VectorStoresEndpoints
{
    public static RouteGroupBuilder MapVectorStores(this RouteGroupBuilder v1)
    {
        var stores = v1.MapGroup("/vector_stores").WithTags("Vector stores")
            .AddEndpointFilter(static async (context, next) =>
            {
                // createAndPoll / uploadAndPoll pace themselves by this header; Node waits 5 s without it (§1.1, §7.3 O14).
                var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<VectorStoreOptions>>();
                context.HttpContext.Response.Headers["openai-poll-after-ms"] = options.Value.PollAfterMilliseconds.ToString(CultureInfo.InvariantCulture);
                return await next(context);
            });
        stores.MapPost("/", CreateAsync);
        stores.MapGet("/", ListAsync);
        stores.MapGet("/{vectorStoreId}", GetAsync);
        stores.MapPost("/{vectorStoreId}", ModifyAsync);
        stores.MapDelete("/{vectorStoreId}", DeleteAsync);
        stores.MapPost("/{vectorStoreId}/search", SearchAsync);

        stores.MapPost("/{vectorStoreId}/files", CreateFileAsync);
        stores.MapGet("/{vectorStoreId}/files", ListFilesAsync);
        stores.MapGet("/{vectorStoreId}/files/{fileId}", GetFileAsync);
        stores.MapPost("/{vectorStoreId}/files/{fileId}", UpdateFileAsync);
        stores.MapDelete("/{vectorStoreId}/files/{fileId}", DeleteFileAsync);
        stores.MapGet("/{vectorStoreId}/files/{fileId}/content", FileContentAsync);

        stores.MapPost("/{vectorStoreId}/file_batches", CreateBatchAsync);
        stores.MapGet("/{vectorStoreId}/file_batches/{batchId}", GetBatchAsync);
        stores.MapPost("/{vectorStoreId}/file_batches/{batchId}/cancel", CancelBatchAsync);
        stores.MapGet("/{vectorStoreId}/file_batches/{batchId}/files", ListBatchFilesAsync);
        return stores;
    }

    private static async Task<Ok<VectorStore>> CreateAsync(CreateVectorStoreRequest request, Caller caller, VectorStoreService stores, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stores.CreateAsync(caller.Tenant, request, caller.UpstreamKey, cancellationToken));

    private static async Task<Ok<ListResponse<VectorStore>>> ListAsync(HttpRequest http, Caller caller, VectorStoreService stores, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stores.ListAsync(caller.Tenant, ListQueryString.Parse(http), cancellationToken));

    private static async Task<Ok<VectorStore>> GetAsync(string vectorStoreId, Caller caller, VectorStoreService stores, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stores.GetAsync(caller.Tenant, vectorStoreId, cancellationToken));

    private static async Task<Ok<VectorStore>> ModifyAsync(string vectorStoreId, ModifyVectorStoreRequest request, Caller caller, VectorStoreService stores, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stores.ModifyAsync(caller.Tenant, vectorStoreId, request, cancellationToken));

    private static async Task<Ok<DeletedObject>> DeleteAsync(string vectorStoreId, Caller caller, VectorStoreService stores, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stores.DeleteAsync(caller.Tenant, vectorStoreId, cancellationToken));

    private static async Task<Ok<VectorStoreSearchResultsPage>> SearchAsync(
        string vectorStoreId, VectorStoreSearchRequest request, Caller caller, VectorStoreSearch search, CancellationToken cancellationToken) =>
        TypedResults.Ok(await search.SearchStoreAsync(caller.Tenant, vectorStoreId, request, caller.UpstreamKey, cancellationToken));

    private static async Task<Ok<VectorStoreFile>> CreateFileAsync(
        string vectorStoreId, CreateVectorStoreFileRequest request, Caller caller, VectorStoreFileService files, CancellationToken cancellationToken) =>
        TypedResults.Ok(await files.CreateAsync(caller.Tenant, vectorStoreId, request, caller.UpstreamKey, cancellationToken));

    private static async Task<Ok<ListResponse<VectorStoreFile>>> ListFilesAsync(
        string vectorStoreId, HttpRequest http, Caller caller, VectorStoreFileService files, CancellationToken cancellationToken) =>
        TypedResults.Ok(await files.ListAsync(caller.Tenant, vectorStoreId, ListQueryString.Parse(http), ListQueryString.Value(http.Query, "filter"), cancellationToken));

    private static async Task<Ok<VectorStoreFile>> GetFileAsync(string vectorStoreId, string fileId, Caller caller, VectorStoreFileService files, CancellationToken cancellationToken) =>
        TypedResults.Ok(await files.GetAsync(caller.Tenant, vectorStoreId, fileId, cancellationToken));

    private static async Task<Ok<VectorStoreFile>> UpdateFileAsync(
        string vectorStoreId, string fileId, UpdateVectorStoreFileRequest request, Caller caller, VectorStoreFileService files, CancellationToken cancellationToken) =>
        TypedResults.Ok(await files.UpdateAttributesAsync(caller.Tenant, vectorStoreId, fileId, request, cancellationToken));

    private static async Task<Ok<DeletedObject>> DeleteFileAsync(string vectorStoreId, string fileId, Caller caller, VectorStoreFileService files, CancellationToken cancellationToken) =>
        TypedResults.Ok(await files.DeleteAsync(caller.Tenant, vectorStoreId, fileId, cancellationToken));

    private static async Task<Ok<VectorStoreFileContentPage>> FileContentAsync(
        string vectorStoreId, string fileId, Caller caller, VectorStoreFileService files, CancellationToken cancellationToken) =>
        TypedResults.Ok(await files.ContentAsync(caller.Tenant, vectorStoreId, fileId, cancellationToken));

    private static async Task<Ok<VectorStoreFileBatch>> CreateBatchAsync(
        string vectorStoreId, CreateFileBatchRequest request, Caller caller, FileBatchService batches, CancellationToken cancellationToken) =>
        TypedResults.Ok(await batches.CreateAsync(caller.Tenant, vectorStoreId, request, caller.UpstreamKey, cancellationToken));

    private static async Task<Ok<VectorStoreFileBatch>> GetBatchAsync(string vectorStoreId, string batchId, Caller caller, FileBatchService batches, CancellationToken cancellationToken) =>
        TypedResults.Ok(await batches.GetAsync(caller.Tenant, vectorStoreId, batchId, cancellationToken));

    private static async Task<Ok<VectorStoreFileBatch>> CancelBatchAsync(string vectorStoreId, string batchId, Caller caller, FileBatchService batches, CancellationToken cancellationToken) =>
        TypedResults.Ok(await batches.CancelAsync(caller.Tenant, vectorStoreId, batchId, cancellationToken));

    private static async Task<Ok<ListResponse<VectorStoreFile>>> ListBatchFilesAsync(
        string vectorStoreId, string batchId, HttpRequest http, Caller caller, FileBatchService batches, CancellationToken cancellationToken) =>
        TypedResults.Ok(await batches.ListFilesAsync(caller.Tenant, vectorStoreId, batchId, ListQueryString.Parse(http), ListQueryString.Value(http.Query, "filter"), cancellationToken));
}
