using System.Reflection;
using Spindle.Core.Tenancy;

namespace Spindle.Server.Auth;

/// <summary>
/// Who is calling: the tenant resolved by <see cref="ApiKeyMiddleware"/>, and the upstream key to use for its runs
/// under bring-your-own-key. Handlers take it as a parameter.
/// </summary>
internal sealed record Caller(TenantId Tenant, string? UpstreamKey)
{
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Items[typeof(Caller)] as Caller);
}
