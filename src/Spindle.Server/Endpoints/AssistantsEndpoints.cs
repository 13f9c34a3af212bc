using Microsoft.AspNetCore.Http.HttpResults;
using Spindle.Core.Assistants;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;
using Spindle.Server.Auth;

namespace Spindle.Server.Endpoints;

internal static class AssistantsEndpoints
{
    public static RouteGroupBuilder MapAssistants(this RouteGroupBuilder v1)
    {
        var assistants = v1.MapGroup("/assistants").WithTags("Assistants");
        assistants.MapPost("/", CreateAsync);
        assistants.MapGet("/", ListAsync);
        assistants.MapGet("/{assistantId}", GetAsync);
        assistants.MapPost("/{assistantId}", ModifyAsync);
        assistants.MapDelete("/{assistantId}", DeleteAsync);
        return assistants;
    }

    private static async Task<Ok<Assistant>> CreateAsync(CreateAssistantRequest request, Caller caller, AssistantService assistants, CancellationToken cancellationToken) =>
        TypedResults.Ok(await assistants.CreateAsync(caller.Tenant, request, caller.UpstreamKey, cancellationToken));

    private static async Task<StoredListResult> ListAsync(HttpRequest http, Caller caller, AssistantService assistants, CancellationToken cancellationToken) =>
        new(await assistants.ListAsync(caller.Tenant, ListQueryString.Parse(http), cancellationToken));

    private static async Task<StoredResult> GetAsync(string assistantId, Caller caller, AssistantService assistants, CancellationToken cancellationToken) =>
        new(await assistants.GetRowAsync(caller.Tenant, assistantId, cancellationToken));

    private static async Task<Ok<Assistant>> ModifyAsync(string assistantId, CreateAssistantRequest request, Caller caller, AssistantService assistants, CancellationToken cancellationToken) =>
        TypedResults.Ok(await assistants.ModifyAsync(caller.Tenant, assistantId, request, caller.UpstreamKey, cancellationToken));

    private static async Task<Ok<DeletedObject>> DeleteAsync(string assistantId, Caller caller, AssistantService assistants, CancellationToken cancellationToken) =>
        TypedResults.Ok(await assistants.DeleteAsync(caller.Tenant, assistantId, cancellationToken));
}
