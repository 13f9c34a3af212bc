using Spindle.Core.Errors;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Validation;
using Spindle.Core.VectorStores;
using Spindle.Core.Wire;
using Spindle.Core.Wire.Requests;

namespace Spindle.Core.Assistants;

/// <summary>Create, read, modify and delete assistants with OpenAI's defaults and limits.</summary>
public sealed class AssistantService(IObjectStore store, ThreadFileSearch fileSearch, References references, TimeProvider time)
{
    public async Task<Assistant> CreateAsync(TenantId tenant, CreateAssistantRequest request, string? apiKey, CancellationToken cancellationToken)
    {
        var assistant = Apply(new Assistant
        {
            Id = Ids.New(Ids.Assistant),
            CreatedAt = time.GetUtcNow().ToUnixTimeSeconds(),
            Model = Check.Required(request.Model, "model"),
            Temperature = 1.0,
            TopP = 1.0,
        }, request);
        await references.ToolResourcesAsync(tenant, assistant.ToolResources, cancellationToken);
        assistant = assistant with { ToolResources = await fileSearch.CreateRequestedStoresAsync(tenant, assistant.ToolResources, "tool_resources", apiKey, cancellationToken) };
        await store.InsertAsync(tenant, Kinds.Assistants, assistant, cancellationToken);
        return assistant;
    }

    public async Task<Assistant> GetAsync(TenantId tenant, string assistantId, CancellationToken cancellationToken) =>
        Kinds.Assistants.Read(await GetRowAsync(tenant, assistantId, cancellationToken));

    /// <summary>The assistant's row: its JSON is the assistant on the wire.</summary>
    public async Task<Row> GetRowAsync(TenantId tenant, string assistantId, CancellationToken cancellationToken) =>
        await store.GetAsync(tenant, Kinds.Assistants.Name, assistantId, cancellationToken)
        ?? throw ApiErrors.NotFound("assistant", assistantId);

    /// <summary>A page of assistants as stored: each row's JSON is its assistant on the wire.</summary>
    public Task<RowPage> ListAsync(TenantId tenant, ListParams list, CancellationToken cancellationToken) =>
        store.ListAsync(tenant, Kinds.Assistants.Name, list.ToQuery(), cancellationToken);

    public async Task<Assistant> ModifyAsync(TenantId tenant, string assistantId, CreateAssistantRequest request, string? apiKey, CancellationToken cancellationToken)
    {
        var current = await GetAsync(tenant, assistantId, cancellationToken);
        if (request.Model is { Length: 0 })
        {
            throw ApiErrors.InvalidValue("model", "Invalid 'model': expected a non-empty string.");
        }

        var modified = Apply(current with { Model = request.Model ?? current.Model }, request);
        await references.ToolResourcesAsync(tenant, request.ToolResources, cancellationToken);
        modified = modified with { ToolResources = await fileSearch.CreateRequestedStoresAsync(tenant, modified.ToolResources, "tool_resources", apiKey, cancellationToken) };
        if (!await store.UpdateAsync(tenant, Kinds.Assistants, modified, cancellationToken))
        {
            throw ApiErrors.NotFound("assistant", assistantId);
        }

        return modified;
    }

    public async Task<DeletedObject> DeleteAsync(TenantId tenant, string assistantId, CancellationToken cancellationToken) =>
        await store.DeleteAsync(tenant, Kinds.Assistants.Name, assistantId, cancellationToken)
            ? new DeletedObject(assistantId, "assistant.deleted", true)
            : throw ApiErrors.NotFound("assistant", assistantId);

    // A field the request leaves out keeps its value; `tool_resources` given replaces the lists (ASSISTANTS_API.md §2.1).
    private static Assistant Apply(Assistant assistant, CreateAssistantRequest request)
    {
        Check.MaxLength(request.Name, 256, "name");
        Check.MaxLength(request.Description, 512, "description");
        Check.MaxLength(request.Instructions, 256_000, "instructions");
        Check.Range(request.Temperature, 0, 2, "temperature");
        Check.Range(request.TopP, 0, 1, "top_p");
        return assistant with
        {
            Name = request.Name ?? assistant.Name,
            Description = request.Description ?? assistant.Description,
            Instructions = request.Instructions ?? assistant.Instructions,
            Tools = request.Tools is null ? assistant.Tools : Check.Tools(request.Tools, 128),
            ToolResources = request.ToolResources is null ? assistant.ToolResources : Check.ToolResources(request.ToolResources),
            Metadata = request.Metadata is null ? assistant.Metadata : Check.Metadata(request.Metadata),
            Temperature = request.Temperature ?? assistant.Temperature,
            TopP = request.TopP ?? assistant.TopP,
            ResponseFormat = Check.ResponseFormat(request.ResponseFormat) ?? assistant.ResponseFormat,
            ReasoningEffort = Check.ReasoningEffort(request.ReasoningEffort) ?? assistant.ReasoningEffort,
        };
    }
}
