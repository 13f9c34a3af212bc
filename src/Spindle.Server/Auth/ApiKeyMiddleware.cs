using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Spindle.Core.Errors;
using Spindle.Core.Tenancy;

namespace Spindle.Server.Auth;

/// <summary>
/// Resolves <c>Authorization: Bearer</c> (or Azure's <c>api-key</c>) to a <see cref="Caller"/> on <c>/v1</c>,
/// and requires <c>OpenAI-Beta: assistants=v2</c> on the Assistants routes, as OpenAI did (ASSISTANTS_API.md §1.1).
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<AuthOptions> options)
{
    private static readonly TenantId DevelopmentTenant = new("default");

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/v1", out var rest))
        {
            return next(context);
        }

        var key = Key(context.Request) ?? throw ApiErrors.MissingApiKey();
        context.Items[typeof(Caller)] = Resolve(key);
        if ((rest.StartsWithSegments("/assistants") || rest.StartsWithSegments("/threads"))
            && !context.Request.Headers["OpenAI-Beta"].Any(v => v?.Contains("assistants=v2", StringComparison.Ordinal) == true))
        {
            throw ApiErrors.MissingBetaHeader();
        }

        return next(context);
    }

    private Caller Resolve(string key)
    {
        var auth = options.Value;
        if (auth.BringYourOwnKey)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
            return new Caller(new TenantId("byok-" + hash), key);
        }

        if (auth.Keys.Count == 0)
        {
            return new Caller(DevelopmentTenant, null);
        }

        return auth.Keys.TryGetValue(key, out var tenant) ? new Caller(new TenantId(tenant), null) : throw ApiErrors.InvalidApiKey();
    }

    private static string? Key(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header[7..].Trim() is { Length: > 0 } bearer)
        {
            return bearer;
        }

        return request.Headers["api-key"].ToString() is { Length: > 0 } apiKey ? apiKey : null;
    }
}
