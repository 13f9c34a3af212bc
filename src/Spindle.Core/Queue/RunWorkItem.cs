using Spindle.Core.Tenancy;

namespace Spindle.Core.Queue;

/// <summary>
/// A run for the executor to advance. <paramref name="ApiKey"/> is the caller's upstream key under
/// bring-your-own-key; it lives in memory only and is never stored.
/// </summary>
public sealed record RunWorkItem(TenantId Tenant, string ThreadId, string RunId, string? ApiKey);
