using Spindle.Core.Errors;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Wire;

namespace Spindle.Core.Validation;

/// <summary>
/// Checks that every id a request body names (files, vector stores) is an object of the caller's tenant, before
/// anything is stored. The store reads one tenant only, so another tenant's id fails exactly like a missing one: the
/// same 404 up to the id, and no way to learn that it exists (DESIGN.md, tenancy). Thread-safe; holds no state.
/// </summary>
public sealed class References(IObjectStore store)
{
    /// <summary>The files of <c>code_interpreter.file_ids</c> and of the <c>vector_stores</c> helper, and the <c>vector_store_ids</c>.</summary>
    public async Task ToolResourcesAsync(TenantId tenant, ToolResources? resources, CancellationToken cancellationToken)
    {
        await FilesAsync(tenant, resources?.CodeInterpreter?.FileIds ?? [], cancellationToken);
        await FilesAsync(tenant, resources?.FileSearch?.VectorStores?.SelectMany(s => s?.FileIds ?? []) ?? [], cancellationToken);
        foreach (var id in (resources?.FileSearch?.VectorStoreIds ?? []).Distinct(StringComparer.Ordinal))
        {
            if (await store.GetAsync(tenant, Kinds.VectorStores.Name, id, cancellationToken) is null)
            {
                throw ApiErrors.NotFound("vector store", id);
            }
        }
    }

    /// <summary>The files of the messages' <c>attachments</c> and <c>image_file</c> content parts.</summary>
    public Task MessagesAsync(TenantId tenant, IEnumerable<Message> messages, CancellationToken cancellationToken) =>
        FilesAsync(tenant, messages.SelectMany(m => m.Attachments.Select(a => a.FileId!)
            .Concat(m.Content.Where(c => c.ImageFile is not null).Select(c => c.ImageFile!.FileId))), cancellationToken);

    public async Task FilesAsync(TenantId tenant, IEnumerable<string> fileIds, CancellationToken cancellationToken)
    {
        foreach (var id in fileIds.Distinct(StringComparer.Ordinal))
        {
            if (await store.GetAsync(tenant, Kinds.Files.Name, id, cancellationToken) is null)
            {
                throw ApiErrors.NoSuchFile(id);
            }
        }
    }
}
