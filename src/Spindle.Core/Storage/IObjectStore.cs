using Spindle.Core.Tenancy;

namespace Spindle.Core.Storage;

/// <summary>
/// The state of record for every API object. Implementations: SQLite (default) and PostgreSQL.
/// </summary>
/// <remarks>
/// Every method is scoped to one tenant: a row of another tenant is invisible, exactly like a missing one.
/// Implementations are thread-safe and hold no per-call state.
/// </remarks>
public interface IObjectStore
{
    /// <summary>Inserts all rows in one transaction. Ids must be new.</summary>
    Task InsertAsync(TenantId tenant, IReadOnlyList<Row> rows, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts all rows in one transaction when <paramref name="condition"/> holds, checked in that same transaction:
    /// one write where a look at the parent, a look at its newest child and an insert would otherwise take three calls.
    /// </summary>
    /// <returns>Null when the rows were inserted; otherwise why nothing was.</returns>
    Task<InsertRefusal?> InsertIfAsync(TenantId tenant, IReadOnlyList<Row> rows, InsertCondition condition, CancellationToken cancellationToken);

    /// <summary>Reads one row, or null when it does not exist for this tenant.</summary>
    Task<Row?> GetAsync(TenantId tenant, string collection, string id, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the tag and JSON of an existing row (id, parent, scope and creation time never change).
    /// When <paramref name="expectedJson"/> is given, the update happens only if the stored JSON is still exactly that
    /// text: a compare-and-set on the whole object, so no write lands over one it has not seen.
    /// </summary>
    /// <returns>False when the row is missing or its JSON differed.</returns>
    Task<bool> UpdateAsync(TenantId tenant, Row row, string? expectedJson, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="UpdateAsync"/>, then, when it wrote, a page of <paramref name="collection"/> as it stands after the
    /// update: one round trip where the store can send both at once (a run's start and the read of its prompt).
    /// </summary>
    /// <returns>Null when the update was refused, and then nothing is read; otherwise the page.</returns>
    Task<RowPage?> UpdateThenListAsync(TenantId tenant, Row row, string? expectedJson, string collection, ListQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Applies every update in one transaction, all or none: none when a row is missing or its stored JSON differs from
    /// the update's expected JSON. One commit where a run's end would otherwise take three.
    /// </summary>
    /// <returns>False when nothing was written.</returns>
    Task<bool> UpdateAllAsync(TenantId tenant, IReadOnlyList<RowUpdate> updates, CancellationToken cancellationToken);

    /// <summary>Deletes one row and, when it is a scope (a thread), every row in that scope.</summary>
    /// <returns>False when the row did not exist.</returns>
    Task<bool> DeleteAsync(TenantId tenant, string collection, string id, CancellationToken cancellationToken);

    /// <summary>Lists rows of a collection with cursor pagination.</summary>
    Task<RowPage> ListAsync(TenantId tenant, string collection, ListQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Finds rows of any tenant whose tag is one of <paramref name="tags"/>. Used at start-up to recover runs
    /// that were active when the process stopped; not for request paths.
    /// </summary>
    Task<IReadOnlyList<(TenantId Tenant, Row Row)>> FindByTagAsync(string collection, IReadOnlyList<string> tags, CancellationToken cancellationToken);
}
