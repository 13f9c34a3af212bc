using Spindle.Core.Errors;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;

namespace Spindle.Core.VectorStores;

/// <summary>
/// The two ways files reach file search without the vector-store API: the <c>tool_resources.file_search.vector_stores</c>
/// helper on assistant and thread creation, which creates a store; and a message <c>attachments</c> entry with the
/// <c>file_search</c> tool, which adds the file to the thread's store, creating it first when the thread has none, as
/// OpenAI did (ASSISTANTS_API.md §8.14).
/// </summary>
public sealed class ThreadFileSearch(VectorStoreService vectorStores, VectorStoreFileService files, IObjectStore store)
{
    /// <summary>Creates the stores the helper asks for and returns resources that hold only store ids.</summary>
    public async Task<ToolResources> CreateRequestedStoresAsync(TenantId tenant, ToolResources resources, string param, string? apiKey, CancellationToken cancellationToken)
    {
        if (resources.FileSearch?.VectorStores is not { } requested)
        {
            return resources;
        }

        if (requested.Count + resources.FileSearch.VectorStoreIds.Count > 1)
        {
            throw ApiErrors.InvalidValue($"{param}.file_search", $"Invalid '{param}.file_search': at most one vector store may be attached, by id or by 'vector_stores'.");
        }

        var ids = new List<string>(resources.FileSearch.VectorStoreIds);
        foreach (var request in requested)
        {
            ids.Add((await vectorStores.CreateAsync(tenant, request ?? new CreateVectorStoreRequest(), apiKey, cancellationToken)).Id);
        }

        return resources with { FileSearch = new FileSearchResources { VectorStoreIds = ids } };
    }

    /// <summary>Indexes the <c>file_search</c> attachments of <paramref name="messages"/> in the thread's store.</summary>
    /// <returns>The thread when this created its store (its <c>tool_resources</c> changed); null otherwise.</returns>
    public async Task<AssistantThread?> AttachAsync(TenantId tenant, string threadId, IEnumerable<Message> messages, string? apiKey, CancellationToken cancellationToken)
    {
        var fileIds = messages.SelectMany(m => m.Attachments)
            .Where(a => a.FileId is not null && a.Tools.Any(t => t.Type == "file_search"))
            .Select(a => a.FileId!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (fileIds.Count == 0 || await store.GetStoredAsync(tenant, Kinds.Threads, threadId, cancellationToken) is not { } thread)
        {
            return null;
        }

        if (thread.Value.ToolResources.FileSearch?.VectorStoreIds is [var existing, ..])
        {
            foreach (var fileId in fileIds)
            {
                await files.CreateAsync(tenant, existing, new CreateVectorStoreFileRequest { FileId = fileId }, apiKey, cancellationToken);
            }

            return null;
        }

        var created = await vectorStores.CreateAsync(tenant, new CreateVectorStoreRequest { Name = $"Vector store for {threadId}", FileIds = fileIds }, apiKey, cancellationToken);
        // Over what is stored by then, so metadata set on the thread while the store was being created is kept.
        var updated = await store.ChangeAsync(tenant, Kinds.Threads, thread, static _ => true,
            t => t with { ToolResources = t.ToolResources with { FileSearch = new FileSearchResources { VectorStoreIds = [created.Id] } } }, cancellationToken);
        return updated?.Value;
    }
}
