using Spindle.Core.Storage;

namespace Spindle.Server.Endpoints;

internal static class ListQueryString
{
    public static ListParams Parse(HttpRequest request)
    {
        var q = request.Query;
        return ListParams.Parse(Value(q, "limit"), Value(q, "order"), Value(q, "after"), Value(q, "before"));
    }

    /// <summary><c>include[]</c> in the SDKs' bracket form, or plain <c>include</c> (ASSISTANTS_API.md §1.2).</summary>
    public static IReadOnlyList<string> Include(IQueryCollection query) =>
        [.. query["include[]"].Concat(query["include"]).OfType<string>()];

    public static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.ToString() : null;
}
