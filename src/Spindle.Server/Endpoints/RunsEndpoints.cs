using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Spindle.Core.Runs;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;
using Spindle.Server.Auth;
using Spindle.Server.Streaming;

namespace Spindle.Server.Endpoints;

internal static class RunsEndpoints
{
    public static RouteGroupBuilder MapRuns(this RouteGroupBuilder v1)
    {
        var runs = v1.MapGroup("/threads/{threadId}/runs").WithTags("Runs")
            .AddEndpointFilter(static async (context, next) =>
            {
                // The SDK pollers pace themselves by this header (ASSISTANTS_API.md §7.3 O13); a stream needs none.
                var result = await next(context);
                var services = context.HttpContext.RequestServices;
                var options = services.GetRequiredService<IOptions<RunOptions>>().Value;
                int? pollAfter = (result is INestedHttpResult nested ? nested.Result : result) switch
                {
                    RunStreamResult => null,
                    Ok<Run> { Value: { } run } => PollAfter(run.CreatedAt),
                    StoredResult { Row: { } run } => PollAfter(run.CreatedAt),
                    _ => options.PollAfterMilliseconds,
                };
                int PollAfter(long createdAt) => options.PollAfterFor(createdAt, services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds());
                if (pollAfter is { } ms)
                {
                    context.HttpContext.Response.Headers["openai-poll-after-ms"] = ms.ToString(CultureInfo.InvariantCulture);
                }

                return result;
            });
        runs.MapPost("/", CreateAsync);
        runs.MapGet("/", ListAsync);
        runs.MapGet("/{runId}", GetAsync);
        runs.MapPost("/{runId}", ModifyAsync);
        runs.MapPost("/{runId}/cancel", CancelAsync);
        runs.MapPost("/{runId}/submit_tool_outputs", SubmitToolOutputsAsync);
        runs.MapGet("/{runId}/steps", ListStepsAsync);
        runs.MapGet("/{runId}/steps/{stepId}", GetStepAsync);
        return runs;
    }

    /// <summary>Streams when the body asked for it; validation already happened, so errors are still plain JSON (§6.1).</summary>
    public static Results<RunStreamResult, Ok<Run>> Respond(RunStart started, bool includeContent = false)
    {
        if (started.Events is { } events)
        {
            return new RunStreamResult(events, includeContent);
        }

        return TypedResults.Ok(started.Run);
    }

    // Only run creation takes include[] (the .NET SDK always sends it); it is checked before the run exists (§2.4).
    private static async Task<Results<RunStreamResult, Ok<Run>>> CreateAsync(
        string threadId, CreateRunRequest request, HttpRequest http, Caller caller, RunService runs, CancellationToken cancellationToken)
    {
        var includeContent = RunService.IncludesContent(ListQueryString.Include(http.Query));
        return Respond(await runs.CreateAsync(caller.Tenant, threadId, request, request.Stream == true, caller.UpstreamKey, cancellationToken), includeContent);
    }

    private static async Task<StoredListResult> ListAsync(string threadId, HttpRequest http, Caller caller, RunService runs, CancellationToken cancellationToken) =>
        new(await runs.ListAsync(caller.Tenant, threadId, ListQueryString.Parse(http), cancellationToken));

    private static async Task<StoredResult> GetAsync(string threadId, string runId, Caller caller, RunService runs, CancellationToken cancellationToken) =>
        new(await runs.GetRowAsync(caller.Tenant, threadId, runId, cancellationToken));

    private static async Task<Ok<Run>> ModifyAsync(string threadId, string runId, MetadataRequest request, Caller caller, RunService runs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.ModifyAsync(caller.Tenant, threadId, runId, request, cancellationToken));

    private static async Task<Ok<Run>> CancelAsync(string threadId, string runId, Caller caller, RunService runs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.CancelAsync(caller.Tenant, threadId, runId, cancellationToken));

    private static async Task<Results<RunStreamResult, Ok<Run>>> SubmitToolOutputsAsync(
        string threadId, string runId, SubmitToolOutputsRequest request, Caller caller, RunService runs, CancellationToken cancellationToken) =>
        Respond(await runs.SubmitToolOutputsAsync(caller.Tenant, threadId, runId, request, request.Stream == true, caller.UpstreamKey, cancellationToken));

    private static async Task<Ok<ListResponse<RunStep>>> ListStepsAsync(string threadId, string runId, HttpRequest http, Caller caller, RunService runs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.ListStepsAsync(caller.Tenant, threadId, runId, ListQueryString.Parse(http), ListQueryString.Include(http.Query), cancellationToken));

    private static async Task<Ok<RunStep>> GetStepAsync(string threadId, string runId, string stepId, HttpRequest http, Caller caller, RunService runs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.GetStepAsync(caller.Tenant, threadId, runId, stepId, ListQueryString.Include(http.Query), cancellationToken));
}
