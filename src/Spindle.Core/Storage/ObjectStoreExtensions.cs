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

    public static async Task<Stored<T>?> GetStoredAsync<T>(this IObjectStore store, TenantId tenant, Kind<T> kind, string id, CancellationToken cancellationToken)
        where T : class
    {
        var row = await store.GetAsync(tenant, kind.Name, id, cancellationToken);
        return row is null ? null : new Stored<T>(kind.Read(row), row.Json);
    }

    /// <summary>
    /// Writes <paramref name="next"/> only if the row still holds exactly <paramref name="current"/>'s JSON: nobody
    /// wrote it since <paramref name="current"/> was read or written.
    /// </summary>
    /// <returns>What is stored now, or null when the row changed meanwhile or is gone.</returns>
    public static async Task<Stored<T>?> TryReplaceAsync<T>(this IObjectStore store, TenantId tenant, Kind<T> kind, Stored<T> current, T next, CancellationToken cancellationToken)
    {
        var row = kind.ToRow(next);
        return await store.UpdateAsync(tenant, row, current.Json, cancellationToken) ? new Stored<T>(next, row.Json) : null;
    }

    /// <summary>
    /// Writes <paramref name="change"/>(<paramref name="current"/>) while <paramref name="when"/> holds of the stored
    /// object. When another writer got in first (a user's new metadata, a cancel), reads the row again and applies
    /// <paramref name="change"/> to that, so what the other writer set is kept unless <paramref name="change"/> sets it.
    /// </summary>
    /// <returns>What is stored now, or null when the row is gone or <paramref name="when"/> no longer holds.</returns>
    public static async Task<Stored<T>?> ChangeAsync<T>(
        this IObjectStore store, TenantId tenant, Kind<T> kind, Stored<T> current, Func<T, bool> when, Func<T, T> change, CancellationToken cancellationToken)
        where T : class
    {
        var id = kind.IdOf(current.Value);
        for (Stored<T>? stored = current; stored is not null && when(stored.Value); stored = await store.GetStoredAsync(tenant, kind, id, cancellationToken))
        {
            if (await store.TryReplaceAsync(tenant, kind, stored, change(stored.Value), cancellationToken) is { } written)
            {
                return written;
            }
        }

        return null;
    }

    public static async Task<ListResponse<T>> ListAsync<T>(this IObjectStore store, TenantId tenant, Kind<T> kind, ListQuery query, Func<T, string> id, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(tenant, kind.Name, query, cancellationToken);
        var data = page.Rows.Select(kind.Read).ToList();
        return new ListResponse<T>(data, data.Count > 0 ? id(data[0]) : null, data.Count > 0 ? id(data[^1]) : null, page.HasMore);
    }

    /// <summary>One page of what ListAllAsync reads: the rows of a parent in ascending order, after a cursor.</summary>
    public static ListQuery EveryRow(string parentId, string? after = null) => new(parentId, 100, true, after, null, null);

    /// <summary>Reads every row of a parent in ascending order, page by page.</summary>
    public static Task<List<T>> ListAllAsync<T>(this IObjectStore store, TenantId tenant, Kind<T> kind, string parentId, CancellationToken cancellationToken) =>
        store.ListAllAsync(tenant, kind, parentId, firstPage: null, cancellationToken);

    /// <summary>
    /// Reads every row of a parent in ascending order, page by page, starting from <paramref name="firstPage"/> when
    /// it was already read with <see cref="EveryRow"/>.
    /// </summary>
    public static async Task<List<T>> ListAllAsync<T>(this IObjectStore store, TenantId tenant, Kind<T> kind, string parentId, RowPage? firstPage, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        var page = firstPage ?? await store.ListAsync(tenant, kind.Name, EveryRow(parentId), cancellationToken);
        while (true)
        {
            all.AddRange(page.Rows.Select(kind.Read));
            if (!page.HasMore || page.Rows.Count == 0)
            {
                return all;
            }

            page = await store.ListAsync(tenant, kind.Name, EveryRow(parentId, page.Rows[^1].Id), cancellationToken);
        }
    }
}
