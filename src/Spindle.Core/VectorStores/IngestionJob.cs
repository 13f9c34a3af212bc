using Spindle.Core.Tenancy;

namespace Spindle.Core.VectorStores;

/// <summary>One vector-store file to parse, chunk and embed. <see cref="ApiKey"/> is the caller's own key under BYOK, held in memory only.</summary>
public sealed record IngestionJob(TenantId Tenant, string VectorStoreId, string FileId, string? ApiKey)
{
    /// <summary>The token of the file's lease on a durable queue; null on the in-process one.</summary>
    public string? Lease { get; init; }
}
