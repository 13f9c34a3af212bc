using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FileSearchResources
{
    // A setter, not init: the source generator fills init properties missing from the JSON with null, not with [].
    public IReadOnlyList<string> VectorStoreIds { get; set => field = value ?? throw new NullNotAllowedException("vector_store_ids"); } = [];

    /// <summary>
    /// Request only: stores to create and attach (ASSISTANTS_API.md §3.2, the create helper). Never stored or sent:
    /// the created stores' ids take their place in <see cref="VectorStoreIds"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Requests.CreateVectorStoreRequest>? VectorStores { get; set => field = value ?? throw new NullNotAllowedException("vector_stores"); }
}
