using Spindle.Core.Errors;
using Spindle.Core.Messages;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Validation;
using Spindle.Core.VectorStores;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;

namespace Spindle.Core.Threads;

/// <summary>Threads: create, read, modify, delete, and the look for a thread's active run.</summary>
public sealed class ThreadService(IObjectStore store, ThreadFileSearch fileSearch, References references, TimeProvider time)
{
    public async Task<AssistantThread> CreateAsync(TenantId tenant, CreateThreadRequest? request, string? apiKey, CancellationToken cancellationToken)
    {
        var (thread, rows) = Build(request, "", time.GetUtcNow().ToUnixTimeSeconds());
        await CheckReferencesAsync(tenant, thread, rows, cancellationToken);
        return await InsertAsync(tenant, thread, rows, "tool_resources", apiKey, cancellationToken);
    }

    /// <summary>Checks the files and vector stores a built thread and its messages name (<see cref="References"/>).</summary>
    public async Task CheckReferencesAsync(TenantId tenant, AssistantThread thread, List<Row> rows, CancellationToken cancellationToken)
    {
        await references.ToolResourcesAsync(tenant, thread.ToolResources, cancellationToken);
        await references.MessagesAsync(tenant, rows.Where(r => r.Collection == Kinds.Messages.Name).Select(Kinds.Messages.Read), cancellationToken);
    }

    /// <summary>
    /// Inserts a built thread and its messages, whose references were checked, after creating the stores its
    /// <c>tool_resources</c> asks for; then indexes the messages' <c>file_search</c> attachments in the thread's store.
    /// Returns the thread as stored.
    /// </summary>
    public async Task<AssistantThread> InsertAsync(TenantId tenant, AssistantThread thread, List<Row> rows, string param, string? apiKey, CancellationToken cancellationToken)
    {
        var messages = rows.Where(r => r.Collection == Kinds.Messages.Name).Select(Kinds.Messages.Read).ToList();
        thread = thread with { ToolResources = await fileSearch.CreateRequestedStoresAsync(tenant, thread.ToolResources, param, apiKey, cancellationToken) };
        rows[0] = Kinds.Threads.ToRow(thread);
        await store.InsertAsync(tenant, rows, cancellationToken);
        return await fileSearch.AttachAsync(tenant, thread.Id, messages, apiKey, cancellationToken) ?? thread;
    }

    /// <summary>Validates a create-thread body; returns the thread and the rows (thread first, then its messages) to insert.</summary>
    public static (AssistantThread Thread, List<Row> Rows) Build(CreateThreadRequest? request, string param, long now)
    {
        var thread = new AssistantThread
        {
            Id = Ids.New(Ids.Thread),
            CreatedAt = now,
            ToolResources = Check.ToolResources(request?.ToolResources, $"{param}tool_resources"),
            Metadata = Check.Metadata(request?.Metadata, $"{param}metadata"),
        };
        var rows = new List<Row> { Kinds.Threads.ToRow(thread) };
        var messages = request?.Messages ?? [];
        for (var i = 0; i < messages.Count; i++)
        {
            rows.Add(Kinds.Messages.ToRow(MessageService.Build(thread.Id, messages[i], $"{param}messages[{i}].", now)));
        }

        return (thread, rows);
    }

    /// <summary>
    /// The row of an object in the thread (a message, a run), whose JSON is the object on the wire: a 404 for the thread
    /// when it is missing, and for <paramref name="objectName"/> when the row is missing or belongs to another thread.
    /// </summary>
    public async Task<Row> GetRowInAsync(TenantId tenant, string threadId, string collection, string id, string objectName, CancellationToken cancellationToken)
    {
        await GetAsync(tenant, threadId, cancellationToken);
        var row = await store.GetAsync(tenant, collection, id, cancellationToken);
        return row is not null && row.ParentId == threadId ? row : throw ApiErrors.NotFound(objectName, id);
    }

    public async Task<AssistantThread> GetAsync(TenantId tenant, string threadId, CancellationToken cancellationToken) =>
        await store.GetAsync(tenant, Kinds.Threads, threadId, cancellationToken)
        ?? throw ApiErrors.NotFound("thread", threadId);

    /// <summary>
    /// Throws OpenAI's 404 for a thread whose list of messages or runs came back empty and that does not exist. A row
    /// listed under a thread proves the thread exists for the tenant (deleting a thread deletes what it holds), so
    /// only an empty page costs a look at the thread.
    /// </summary>
    public async Task EnsureListedAsync(TenantId tenant, string threadId, int listed, CancellationToken cancellationToken)
    {
        if (listed == 0)
        {
            await GetAsync(tenant, threadId, cancellationToken);
        }
    }

    public async Task<AssistantThread> ModifyAsync(TenantId tenant, string threadId, CreateThreadRequest request, string? apiKey, CancellationToken cancellationToken)
    {
        if (request.Messages is not null)
        {
            throw ApiErrors.UnknownParameter("messages");
        }

        var thread = await store.GetStoredAsync(tenant, Kinds.Threads, threadId, cancellationToken) ?? throw ApiErrors.NotFound("thread", threadId);
        var resources = request.ToolResources is null ? null : Check.ToolResources(request.ToolResources);
        await references.ToolResourcesAsync(tenant, resources, cancellationToken);
        var metadata = request.Metadata is null ? null : Check.Metadata(request.Metadata);
        var toolResources = resources is null ? null : await fileSearch.CreateRequestedStoresAsync(tenant, resources, "tool_resources", apiKey, cancellationToken);

        // Only what the request names changes, over what is stored then: a store that attachments gave the thread
        // meanwhile is kept unless the request replaces the tool resources.
        var modified = await store.ChangeAsync(tenant, Kinds.Threads, thread, static _ => true,
            t => t with { ToolResources = toolResources ?? t.ToolResources, Metadata = metadata ?? t.Metadata }, cancellationToken);
        return modified?.Value ?? throw ApiErrors.NotFound("thread", threadId);
    }

    public async Task<DeletedObject> DeleteAsync(TenantId tenant, string threadId, CancellationToken cancellationToken) =>
        await store.DeleteAsync(tenant, Kinds.Threads.Name, threadId, cancellationToken)
            ? new DeletedObject(threadId, "thread.deleted", true)
            : throw ApiErrors.NotFound("thread", threadId);

    /// <summary>
    /// The thread's active run, if any. Runs are created only when none is active, so the newest run is the only
    /// candidate.
    /// </summary>
    public async Task<Run?> FindActiveRunAsync(TenantId tenant, string threadId, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(tenant, Kinds.Runs.Name, new ListQuery(threadId, 1, false, null, null, null), cancellationToken);
        var latest = page.Rows.Count == 0 ? null : Kinds.Runs.Read(page.Rows[0]);
        return latest is not null && !RunStatus.IsTerminal(latest.Status) ? latest : null;
    }
}
