using Microsoft.AspNetCore.Http.HttpResults;
using Spindle.Core.Runs;
using Spindle.Core.Threads;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;
using Spindle.Server.Auth;
using Spindle.Server.Streaming;

namespace Spindle.Server.Endpoints;

internal static class ThreadsEndpoints
{
    public static RouteGroupBuilder MapThreads(this RouteGroupBuilder v1)
    {
        var threads = v1.MapGroup("/threads").WithTags("Threads");
        threads.MapPost("/", CreateAsync);
        threads.MapPost("/runs", CreateAndRunAsync);
        threads.MapGet("/{threadId}", GetAsync);
        threads.MapPost("/{threadId}", ModifyAsync);
        threads.MapDelete("/{threadId}", DeleteAsync);
        return threads;
    }

    private static async Task<Ok<AssistantThread>> CreateAsync(CreateThreadRequest? request, Caller caller, ThreadService threads, CancellationToken cancellationToken) =>
        TypedResults.Ok(await threads.CreateAsync(caller.Tenant, request, caller.UpstreamKey, cancellationToken));

    private static async Task<Results<RunStreamResult, Ok<Run>>> CreateAndRunAsync(
        CreateRunRequest request, Caller caller, RunService runs, CancellationToken cancellationToken)
    {
        var started = await runs.CreateThreadAndRunAsync(caller.Tenant, request, request.Stream == true, caller.UpstreamKey, cancellationToken);
        return RunsEndpoints.Respond(started);
    }

    private static async Task<Ok<AssistantThread>> GetAsync(string threadId, Caller caller, ThreadService threads, CancellationToken cancellationToken) =>
        TypedResults.Ok(await threads.GetAsync(caller.Tenant, threadId, cancellationToken));

    private static async Task<Ok<AssistantThread>> ModifyAsync(string threadId, CreateThreadRequest request, Caller caller, ThreadService threads, CancellationToken cancellationToken) =>
        TypedResults.Ok(await threads.ModifyAsync(caller.Tenant, threadId, request, caller.UpstreamKey, cancellationToken));

    private static async Task<Ok<DeletedObject>> DeleteAsync(string threadId, Caller caller, ThreadService threads, CancellationToken cancellationToken) =>
        TypedResults.Ok(await threads.DeleteAsync(caller.Tenant, threadId, cancellationToken));
}
