using Microsoft.AspNetCore.Http.HttpResults;
using Spindle.Core.Messages;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;
using Spindle.Server.Auth;

namespace Spindle.Server.Endpoints;

internal static class MessagesEndpoints
{
    public static RouteGroupBuilder MapMessages(this RouteGroupBuilder v1)
    {
        var messages = v1.MapGroup("/threads/{threadId}/messages").WithTags("Messages");
        messages.MapPost("/", CreateAsync);
        messages.MapGet("/", ListAsync);
        messages.MapGet("/{messageId}", GetAsync);
        messages.MapPost("/{messageId}", ModifyAsync);
        messages.MapDelete("/{messageId}", DeleteAsync);
        return messages;
    }

    private static async Task<StoredResult> CreateAsync(string threadId, CreateMessageRequest request, Caller caller, MessageService messages, CancellationToken cancellationToken) =>
        new(await messages.CreateAsync(caller.Tenant, threadId, request, caller.UpstreamKey, cancellationToken));

    private static async Task<StoredListResult> ListAsync(string threadId, HttpRequest http, Caller caller, MessageService messages, CancellationToken cancellationToken) =>
        new(await messages.ListAsync(caller.Tenant, threadId, ListQueryString.Parse(http), ListQueryString.Value(http.Query, "run_id"), cancellationToken));

    private static async Task<StoredResult> GetAsync(string threadId, string messageId, Caller caller, MessageService messages, CancellationToken cancellationToken) =>
        new(await messages.GetRowAsync(caller.Tenant, threadId, messageId, cancellationToken));

    private static async Task<Ok<Message>> ModifyAsync(string threadId, string messageId, MetadataRequest request, Caller caller, MessageService messages, CancellationToken cancellationToken) =>
        TypedResults.Ok(await messages.ModifyAsync(caller.Tenant, threadId, messageId, request, cancellationToken));

    private static async Task<Ok<DeletedObject>> DeleteAsync(string threadId, string messageId, Caller caller, MessageService messages, CancellationToken cancellationToken) =>
        TypedResults.Ok(await messages.DeleteAsync(caller.Tenant, threadId, messageId, cancellationToken));
}
