using Spindle.Core.Tenancy;
using Spindle.Core.Wire;

namespace Spindle.Core.Storage;

/// <summary>Typed reads and writes over <see cref="IObjectStore"/>.</summary>
public static class ObjectStoreExtensions
{
    public static async Task<T?> GetAsync<T>(this IObjectStore store, TenantId tenant, Kind<T> kind, string id, CancellationToken cancellationToken)
        where T : class
    {
        var row = await store.GetAsync(tenant, kind.Name, id, cancellationToken);
        return row is null ? null : kind.Read(row);
    }

    public static Task InsertAsync<T>(this IObjectStore store, TenantId tenant, Kind<T> kind, T value, CancellationToken cancellationToken) =>
        store.InsertAsync(tenant, [kind.ToRow(value)], cancellationToken);

    public static Task<bool> UpdateAsync<T>(this IObjectStore store, TenantId tenant, Kind<T> kind, T value, CancellationToken cancellationToken) =>
        store.UpdateAsync(tenant, kind.ToRow(value), null, cancellationToken);

    /// <summary>Writes <paramref name="value"/> only if the stored tag (a run's status) still equals <paramref name="expectedTag"/>.</summary>
    public static Task<bool> TryTransitionAsync<T>(this IObjectStore store, TenantId tenant, Kind<T> kind, T value, string expectedTag, CancellationToken cancellationToken) =>
        store.UpdateAsync(tenant, kind.ToRow(value), expectedTag, cancellationToken);

    public static async Task<ListResponse<T>> ListAsync<T>(this IObjectStore store, TenantId tenant, Kind<T> kind, ListQuery query, Func<T, string> id, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(tenant, kind.Name, query, cancellationToken);
        var data = page.Rows.Select(kind.Read).ToList();
        return new ListResponse<T>(data, data.Count > 0 ? id(data[0]) : null, data.Count > 0 ? id(data[^1]) : null, page.HasMore);
    }

    /// <summary>Reads every row of a parent in ascending order, page by page.</summary>
    public static async Task<List<T>> ListAllAsync<T>(this IObjectStore store, TenantId tenant, Kind<T> kind, string parentId, Func<T, string> id, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        string? after = null;
        while (true)
        {
            var page = await store.ListAsync(tenant, kind.Name, new ListQuery(parentId, 100, true, after, null, null), cancellationToken);
            all.AddRange(page.Rows.Select(kind.Read));
            if (!page.HasMore || page.Rows.Count == 0)
            {
                return all;
            }

            after = page.Rows[^1].Id;
        }
    }
}
