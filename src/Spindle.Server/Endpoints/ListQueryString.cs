using Spindle.Core.Storage;

namespace Spindle.Server.Endpoints;

internal static class ListQueryString
{
    public static ListParams Parse(HttpRequest request)
    {
        var q = request.Query;
        return ListParams.Parse(Value(q, "limit"), Value(q, "order"), Value(q, "after"), Value(q, "before"));
    }

    public static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.ToString() : null;
}
