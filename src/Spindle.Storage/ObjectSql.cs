using System.Data.Common;
using System.Text;
using Spindle.Core.Storage;

namespace Spindle.Storage;

/// <summary>
/// The SQL both stores run against the <c>objects</c> table. SQLite and PostgreSQL both accept <c>@name</c>
/// parameters and row-value comparisons, so only batching and <c>IN</c> lists differ between the stores.
/// </summary>
internal static class ObjectSql
{
    public const string Columns = "collection, id, parent_id, scope, created_at, tag, json";

    // A row by its id is found by the (collection, id) index, and its tenant checked on the row: written as an
    // expression, the tenant comparison can lead no index. PostgreSQL plans a prepared statement once for any values, and
    // where many tenants and collections share the table that plan judged "tenant = $1 AND collection = $2" as narrow
    // as the id, and read the row off the list index: every row of the tenant's collection, for one.
    public const string ByTenant = "tenant || '' = @tenant";

    public const string Insert =
        "INSERT INTO objects (tenant, collection, id, parent_id, scope, created_at, tag, json) " +
        "VALUES (@tenant, @collection, @id, @parent_id, @scope, @created_at, @tag, @json)";

    /// <summary>
    /// An insert condition's look, one row: whether the parent exists, then the <see cref="Columns"/> of its newest
    /// child (NULLs when it has none). Parameters: @tenant, @parent_collection, @parent_id, @child_collection.
    /// </summary>
    public const string InsertCondition =
        "SELECT parent.present, child.* FROM (SELECT EXISTS (SELECT 1 FROM objects " +
        $"WHERE collection = @parent_collection AND id = @parent_id AND {ByTenant}) AS present) parent " +
        $"LEFT JOIN (SELECT {Columns} FROM objects WHERE tenant = @tenant AND collection = @child_collection AND parent_id = @parent_id " +
        "ORDER BY created_at DESC, seq DESC LIMIT 1) child ON 1 = 1";

    // What Get and List read of a row besides what their caller already knows, first, so ReadKnown reads both.
    private const string UnknownColumns = "scope, created_at, tag, json";

    /// <summary>A row by its id, read with <see cref="ReadFound"/>: the collection and id are the caller's own.</summary>
    public const string Get =
        $"SELECT {UnknownColumns}, parent_id FROM objects WHERE collection = @collection AND id = @id AND {ByTenant}";

    // One statement, so the compare-and-set is atomic: SQLite holds the write lock for it and PostgreSQL
    // re-checks the WHERE clause after waiting on a concurrent writer's row lock. Plain text equality, byte for byte on
    // both (BINARY collation; PostgreSQL compares bytes under a deterministic collation), so no JSON is parsed.
    public const string Update =
        $"UPDATE objects SET tag = @tag, json = @json WHERE collection = @collection AND id = @id AND {ByTenant}";

    public const string UpdateExpected = Update + " AND json = @expected";

    public const string Delete = $"DELETE FROM objects WHERE collection = @collection AND id = @id AND {ByTenant}";

    public const string DeleteScope = "DELETE FROM objects WHERE tenant = @tenant AND scope = @id";

    /// <summary>
    /// The page query for the query's shape. Rows are scanned from the cursor outwards: for <c>before</c> that is
    /// against the requested order (so the rows nearest the cursor come first) and the caller reverses the page.
    /// A cursor unknown to this tenant and collection makes the row-value subquery NULL, so nothing matches.
    /// It reads only what varies between a page's rows: the collection and the parent are the query's own, and
    /// <see cref="ReadPageAsync"/> takes them from it (every column read is a few calls into SQLite and a new string).
    /// Parameters: @tenant, @collection, @parent_id (when ParentId is set), @tag (when Tag is set), @after, @before, @limit.
    /// </summary>
    public static string List(ListQuery query) => ListStatements[
        (query.Ascending ? 1 : 0) | (query.After is not null ? 2 : 0) | (query.Before is not null ? 4 : 0) |
        (query.ParentId is null ? 8 : 0) | (query.Tag is not null ? 16 : 0)];

    // Every shape's text, made once: each list would otherwise build its statement again, and SQLite's statement cache
    // hash it whole, to find the same text.
    private static readonly string[] ListStatements = [.. Enumerable.Range(0, 32).Select(shape => BuildList(
        ascending: (shape & 1) != 0, after: (shape & 2) != 0, before: (shape & 4) != 0, noParent: (shape & 8) != 0, tag: (shape & 16) != 0))];

    private static string BuildList(bool ascending, bool after, bool before, bool noParent, bool tag)
    {
        var scanAscending = ascending ^ before;
        var sql = new StringBuilder($"SELECT {UnknownColumns}, id FROM objects WHERE tenant = @tenant AND collection = @collection");
        sql.Append(noParent ? " AND parent_id IS NULL" : " AND parent_id = @parent_id");
        if (tag)
        {
            sql.Append(" AND tag = @tag");
        }

        if (after)
        {
            AppendCursor(sql, ascending ? ">" : "<", "@after");
        }

        if (before)
        {
            AppendCursor(sql, ascending ? "<" : ">", "@before");
        }

        var direction = scanAscending ? "ASC" : "DESC";
        // An expression, not the bare parameter: SQLite's planner reads a bare LIMIT parameter's value, and a statement
        // whose plan read a bound value is prepared again every time a value is bound to it.
        sql.Append($" ORDER BY created_at {direction}, seq {direction} LIMIT CAST(@limit AS INTEGER)");
        return sql.ToString();
    }

    /// <summary>Reads the <see cref="Columns"/> of the current row, starting at column <paramref name="first"/>.</summary>
    public static Row ReadRow(DbDataReader reader, int first = 0) => new(
        Collection: reader.GetString(first),
        Id: reader.GetString(first + 1),
        ParentId: reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
        Scope: reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3),
        CreatedAt: reader.GetInt64(first + 4),
        Tag: reader.IsDBNull(first + 5) ? null : reader.GetString(first + 5),
        Json: reader.GetString(first + 6));

    /// <summary>Reads the current row of <see cref="Get"/>, the row <paramref name="id"/> of <paramref name="collection"/>.</summary>
    public static Row ReadFound(DbDataReader reader, string collection, string id) =>
        ReadKnown(reader, collection, id, parentId: reader.IsDBNull(4) ? null : reader.GetString(4));

    // The row whose collection, id and parent the caller gives; the rest is the first columns (UnknownColumns).
    private static Row ReadKnown(DbDataReader reader, string collection, string id, string? parentId) => new(
        Collection: collection,
        Id: id,
        ParentId: parentId,
        Scope: reader.IsDBNull(0) ? null : reader.GetString(0),
        CreatedAt: reader.GetInt64(1),
        Tag: reader.IsDBNull(2) ? null : reader.GetString(2),
        Json: reader.GetString(3));

    /// <summary>Reads the one row of <see cref="InsertCondition"/>: null when the condition holds, else the refusal.</summary>
    public static async Task<InsertRefusal?> ReadRefusalAsync(DbDataReader reader, InsertCondition condition, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken);
        if (!reader.GetBoolean(0))
        {
            return new InsertRefusal(BlockingChild: null);
        }

        if (reader.IsDBNull(2))
        {
            return null;
        }

        var child = ReadRow(reader, first: 1);
        return child.Tag is { } tag && condition.BlockingTags.Contains(tag) ? new InsertRefusal(child) : null;
    }

    /// <summary>Reads a page of <see cref="List"/>, fetched with <c>LIMIT Limit + 1</c>, into the requested order.</summary>
    public static async Task<RowPage> ReadPageAsync(DbDataReader reader, string collection, ListQuery query, CancellationToken cancellationToken)
    {
        var rows = new List<Row>(Math.Min(query.Limit + 1, 128));
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadKnown(reader, collection, id: reader.GetString(4), query.ParentId));
        }

        var hasMore = rows.Count > query.Limit;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (query.Before is not null)
        {
            rows.Reverse();
        }

        return new RowPage(rows, hasMore);
    }

    private static void AppendCursor(StringBuilder sql, string comparison, string cursor) =>
        sql.Append($" AND (created_at, seq) {comparison} (SELECT created_at, seq FROM objects WHERE collection = @collection AND id = {cursor} AND {ByTenant})");
}
