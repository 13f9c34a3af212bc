using Spindle.Core.Errors;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Threads;
using Spindle.Core.Validation;
using Spindle.Core.VectorStores;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;

namespace Spindle.Core.Messages;

/// <summary>Thread messages. No message can be added while the thread has an active run (ASSISTANTS_API.md §1.6).</summary>
public sealed class MessageService(IObjectStore store, ThreadService threads, ThreadFileSearch fileSearch, References references, TimeProvider time)
{
    /// <summary>Adds a message to the thread; returns its row, whose JSON is the message on the wire.</summary>
    public async Task<Row> CreateAsync(TenantId tenant, string threadId, CreateMessageRequest request, string? apiKey, CancellationToken cancellationToken)
    {
        var message = Build(threadId, request, "", time.GetUtcNow().ToUnixTimeSeconds());
        await references.MessagesAsync(tenant, [message], cancellationToken);
        var row = Kinds.Messages.ToRow(message);
        var condition = new InsertCondition(Kinds.Threads.Name, threadId, Kinds.Runs.Name, RunStatus.Active);
        switch (await store.InsertIfAsync(tenant, [row], condition, cancellationToken))
        {
            case { ParentMissing: true }:
                throw ApiErrors.NotFound("thread", threadId);
            case { BlockingChild: { } run }:
                throw ApiErrors.MessageWhileRunActive(threadId, run.Id);
        }

        await fileSearch.AttachAsync(tenant, threadId, [message], apiKey, cancellationToken);
        return row;
    }

    /// <summary>Validates a create-message body and builds the stored message; <paramref name="param"/> prefixes error params.</summary>
    public static Message Build(string threadId, CreateMessageRequest? request, string param, long now)
    {
        if (request is null)
        {
            throw ApiErrors.InvalidType(param.TrimEnd('.'), "an object");
        }

        var role = request.Role switch
        {
            "user" or "assistant" => request.Role,
            null => throw ApiErrors.MissingParameter($"{param}role"),
            _ => throw ApiErrors.InvalidValue($"{param}role", $"Invalid value: '{request.Role}'. Supported values are: 'user' and 'assistant'."),
        };

        var attachments = request.Attachments ?? [];
        for (var i = 0; i < attachments.Count; i++)
        {
            Check.Required(attachments[i]?.FileId, $"{param}attachments[{i}].file_id");
            foreach (var tool in attachments[i].Tools)
            {
                if (tool?.Type is not ("code_interpreter" or "file_search"))
                {
                    throw ApiErrors.InvalidValue($"{param}attachments[{i}].tools", "Invalid attachment tool: expected 'code_interpreter' or 'file_search'.");
                }
            }
        }

        return new Message
        {
            Id = Ids.New(Ids.Message),
            CreatedAt = now,
            ThreadId = threadId,
            Role = role,
            Content = MessageContentParser.Parse(request.Content, $"{param}content"),
            Attachments = attachments,
            Metadata = Check.Metadata(request.Metadata, $"{param}metadata"),
            Status = "completed",
            CompletedAt = now,
        };
    }

    /// <summary>The message's row: its JSON is the message on the wire.</summary>
    public Task<Row> GetRowAsync(TenantId tenant, string threadId, string messageId, CancellationToken cancellationToken) =>
        threads.GetRowInAsync(tenant, threadId, Kinds.Messages.Name, messageId, "message", cancellationToken);

    /// <summary>A page of the thread's messages as stored: each row's JSON is its message on the wire.</summary>
    public async Task<RowPage> ListAsync(TenantId tenant, string threadId, ListParams list, string? runId, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(tenant, Kinds.Messages.Name, list.ToQuery(threadId, runId), cancellationToken);
        await threads.EnsureListedAsync(tenant, threadId, page.Rows.Count, cancellationToken);
        return page;
    }

    public async Task<Message> ModifyAsync(TenantId tenant, string threadId, string messageId, MetadataRequest request, CancellationToken cancellationToken)
    {
        var message = await GetStoredAsync(tenant, threadId, messageId, cancellationToken);
        if (request.Metadata is null)
        {
            return message.Value;
        }

        // Only the metadata changes, over whatever the run writing the message last stored: it keeps this metadata in turn.
        var metadata = Check.Metadata(request.Metadata);
        var modified = await store.ChangeAsync(tenant, Kinds.Messages, message, static _ => true, m => m with { Metadata = metadata }, cancellationToken);
        return modified?.Value ?? throw ApiErrors.NotFound("message", messageId);
    }

    private async Task<Stored<Message>> GetStoredAsync(TenantId tenant, string threadId, string messageId, CancellationToken cancellationToken)
    {
        var row = await GetRowAsync(tenant, threadId, messageId, cancellationToken);
        return new Stored<Message>(Kinds.Messages.Read(row), row.Json);
    }

    public async Task<DeletedObject> DeleteAsync(TenantId tenant, string threadId, string messageId, CancellationToken cancellationToken)
    {
        await GetRowAsync(tenant, threadId, messageId, cancellationToken);
        await store.DeleteAsync(tenant, Kinds.Messages.Name, messageId, cancellationToken);
        return new DeletedObject(messageId, "thread.message.deleted", true);
    }
}
