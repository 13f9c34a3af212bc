using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Wire;

namespace Spindle.Core.Queue;

/// <summary>
/// A run for the executor to advance. <paramref name="ApiKey"/> is the caller's upstream key under
/// bring-your-own-key; it lives in memory only and is never stored.
/// </summary>
public sealed record RunWorkItem(TenantId Tenant, string ThreadId, string RunId, string? ApiKey)
{
    /// <summary>
    /// The run as the request that queued it stored it, so the executor starts it without reading it back; null when
    /// only its id is known (recovery, a run claimed from another node).
    /// </summary>
    public Stored<Run>? Run { get; init; }
}
