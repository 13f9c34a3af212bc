using Npgsql;
using NpgsqlTypes;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Storage.Migrations;

namespace Spindle.Storage.Postgres;

/// <summary>
/// <see cref="IObjectStore"/> over PostgreSQL through the process's one shared <see cref="NpgsqlDataSource"/>.
/// </summary>
/// <remarks>
/// Thread-safe: every call rents a pooled connection from the data source. The store does not own the data
/// source (the container does), so other PostgreSQL components share the same pool.
/// </remarks>
internal sealed class PostgresObjectStore(NpgsqlDataSource dataSource) : IObjectStore
{
    /// <summary>Applies migrations, then returns a store over <paramref name="dataSource"/>.</summary>
    public static PostgresObjectStore Open(NpgsqlDataSource dataSource)
    {
        var store = new PostgresObjectStore(dataSource);
        store.Migrate();
        return store;
    }

    /// <summary>Applies pending migrations; returns how many were applied (0 when the schema is current).</summary>
    public int Migrate() => Migrator.ApplyPostgres(dataSource);

    public async Task InsertAsync(TenantId tenant, IReadOnlyList<Row> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // A batch sent without a transaction runs in PostgreSQL's implicit one: every row or none, in one round trip.
        await using var batch = dataSource.CreateBatch();
        AddInserts(batch, tenant, rows);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new RowConflictException(e.MessageText, e);
        }
    }

    // One statement, so one snapshot decides and one round trip writes: the look, and the rows, inserted only when the
    // look allows them. unnest hands the rows over as arrays, so the text is the same for any number of rows, and its
    // ordinality keeps their order, so seq follows the order of rows. Read committed: the look sees what was committed
    // before the statement, and the unique index ux_objects_active_run still refuses a second active run that another
    // node commits in between.
    private const string InsertIf =
        "WITH look AS (" + ObjectSql.InsertCondition + "), " +
        "inserted AS (INSERT INTO objects (tenant, collection, id, parent_id, scope, created_at, tag, json) " +
        "SELECT @tenant, r.collection, r.id, r.parent_id, r.scope, r.created_at, r.tag, r.json " +
        "FROM unnest(@collections, @ids, @parent_ids, @scopes, @created_ats, @tags, @jsons) " +
        "WITH ORDINALITY AS r (collection, id, parent_id, scope, created_at, tag, json, n) " +
        "WHERE (SELECT look.present AND (look.tag IS NULL OR look.tag <> ALL (@blocking_tags)) FROM look) " +
        "ORDER BY r.n) " +
        "SELECT * FROM look";

    public async Task<InsertRefusal?> InsertIfAsync(TenantId tenant, IReadOnlyList<Row> rows, InsertCondition condition, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(InsertIf);
        command.Parameters.Add(Text("@tenant", tenant.Value));
        command.Parameters.Add(Text("@parent_collection", condition.ParentCollection));
        command.Parameters.Add(Text("@parent_id", condition.ParentId));
        command.Parameters.Add(Text("@child_collection", condition.ChildCollection));
        command.Parameters.Add(Texts("@blocking_tags", [.. condition.BlockingTags]));
        command.Parameters.Add(Texts("@collections", [.. rows.Select(r => r.Collection)]));
        command.Parameters.Add(Texts("@ids", [.. rows.Select(r => r.Id)]));
        command.Parameters.Add(Texts("@parent_ids", [.. rows.Select(r => r.ParentId)]));
        command.Parameters.Add(Texts("@scopes", [.. rows.Select(r => r.Scope)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("@created_ats", [.. rows.Select(r => r.CreatedAt)]));
        command.Parameters.Add(Texts("@tags", [.. rows.Select(r => r.Tag)]));
        command.Parameters.Add(Texts("@jsons", [.. rows.Select(r => r.Json)]));
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await ObjectSql.ReadRefusalAsync(reader, condition, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new RowConflictException(e.MessageText, e);
        }
    }

    // Each row one command of the batch; they run in order, so seq follows the order of rows.
    private static void AddInserts(NpgsqlBatch batch, TenantId tenant, IReadOnlyList<Row> rows)
    {
        foreach (var row in rows)
        {
            var command = new NpgsqlBatchCommand(ObjectSql.Insert);
            command.Parameters.Add(Text("@tenant", tenant.Value));
            command.Parameters.Add(Text("@collection", row.Collection));
            command.Parameters.Add(Text("@id", row.Id));
            command.Parameters.Add(Text("@parent_id", row.ParentId));
            command.Parameters.Add(Text("@scope", row.Scope));
            command.Parameters.Add(new NpgsqlParameter<long>("@created_at", row.CreatedAt));
            command.Parameters.Add(Text("@tag", row.Tag));
            command.Parameters.Add(Text("@json", row.Json));
            batch.BatchCommands.Add(command);
        }
    }

    public async Task<Row?> GetAsync(TenantId tenant, string collection, string id, CancellationToken cancellationToken)
    {
        await using var command = Command(ObjectSql.Get, tenant, collection, id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ObjectSql.ReadFound(reader, collection, id) : null;
    }

    public async Task<bool> UpdateAsync(TenantId tenant, Row row, string? expectedJson, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(expectedJson is null ? ObjectSql.Update : ObjectSql.UpdateExpected);
        AddUpdate(command.Parameters, tenant, row, expectedJson);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    // One round trip: the page is read in the update's implicit transaction, so it sees the update.
    public async Task<RowPage?> UpdateThenListAsync(TenantId tenant, Row row, string? expectedJson, string collection, ListQuery query, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var update = new NpgsqlBatchCommand(expectedJson is null ? ObjectSql.Update : ObjectSql.UpdateExpected);
        AddUpdate(update.Parameters, tenant, row, expectedJson);
        batch.BatchCommands.Add(update);
        var list = new NpgsqlBatchCommand(ObjectSql.List(query));
        AddList(list.Parameters, tenant, collection, query);
        batch.BatchCommands.Add(list);

        // The update returns no rows, so the reader starts on the page.
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var page = await ObjectSql.ReadPageAsync(reader, collection, query, cancellationToken);
        return update.RecordsAffected == 1 ? page : null;
    }

    private const string UpdateOrFail = "WITH changed AS (" + ObjectSql.Update + " RETURNING 1) SELECT 1 / count(*) FROM changed";
    private const string UpdateExpectedOrFail = "WITH changed AS (" + ObjectSql.UpdateExpected + " RETURNING 1) SELECT 1 / count(*) FROM changed";

    public async Task<bool> UpdateAllAsync(TenantId tenant, IReadOnlyList<RowUpdate> updates, CancellationToken cancellationToken)
    {
        // One round trip: a batch sent without a transaction runs in PostgreSQL's implicit one, and an update that
        // changes no row divides by zero, which aborts the batch and so undoes the updates before it.
        await using var batch = dataSource.CreateBatch();
        foreach (var (row, expectedJson) in updates)
        {
            var command = new NpgsqlBatchCommand(expectedJson is null ? UpdateOrFail : UpdateExpectedOrFail);
            AddUpdate(command.Parameters, tenant, row, expectedJson);
            batch.BatchCommands.Add(command);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DivisionByZero)
        {
            return false;
        }
    }

    public async Task<bool> DeleteAsync(TenantId tenant, string collection, string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var delete = new NpgsqlCommand(ObjectSql.Delete, connection, transaction);
        AddKey(delete.Parameters, tenant, collection, id);
        if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await using var deleteScope = new NpgsqlCommand(ObjectSql.DeleteScope, connection, transaction);
        AddKey(deleteScope.Parameters, tenant, collection: null, id);
        await deleteScope.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<RowPage> ListAsync(TenantId tenant, string collection, ListQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ObjectSql.List(query));
        AddList(command.Parameters, tenant, collection, query);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ObjectSql.ReadPageAsync(reader, collection, query, cancellationToken);
    }

    public async Task<IReadOnlyList<(TenantId Tenant, Row Row)>> FindByTagAsync(
        string collection, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        if (tags.Count == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand(
            $"SELECT tenant, {ObjectSql.Columns} FROM objects WHERE collection = @collection AND tag = ANY(@tags) ORDER BY created_at, seq");
        command.Parameters.Add(Text("@collection", collection));
        command.Parameters.Add(new NpgsqlParameter<string[]>("@tags", [.. tags]));
        var found = new List<(TenantId, Row)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((new TenantId(reader.GetString(0)), ObjectSql.ReadRow(reader, first: 1)));
        }

        return found;
    }

    // A data-source command takes a pooled connection for one statement and returns it when disposed.
    private NpgsqlCommand Command(string sql, TenantId tenant, string? collection, string? id)
    {
        var command = dataSource.CreateCommand(sql);
        AddKey(command.Parameters, tenant, collection, id);
        return command;
    }

    private static void AddKey(NpgsqlParameterCollection parameters, TenantId tenant, string? collection, string? id)
    {
        parameters.Add(Text("@tenant", tenant.Value));
        if (collection is not null)
        {
            parameters.Add(Text("@collection", collection));
        }

        if (id is not null)
        {
            parameters.Add(Text("@id", id));
        }
    }

    private static void AddList(NpgsqlParameterCollection parameters, TenantId tenant, string collection, ListQuery query)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        AddKey(parameters, tenant, collection, id: null);
        AddIfSet(parameters, "@parent_id", query.ParentId);
        AddIfSet(parameters, "@tag", query.Tag);
        AddIfSet(parameters, "@after", query.After);
        AddIfSet(parameters, "@before", query.Before);
        parameters.Add(new NpgsqlParameter<int>("@limit", query.Limit + 1));
    }

    private static void AddIfSet(NpgsqlParameterCollection parameters, string name, string? value)
    {
        if (value is not null)
        {
            parameters.Add(Text(name, value));
        }
    }

    // The row's key, its new tag and JSON, and the JSON it must still hold when the update is conditional.
    private static void AddUpdate(NpgsqlParameterCollection parameters, TenantId tenant, Row row, string? expectedJson)
    {
        AddKey(parameters, tenant, row.Collection, row.Id);
        parameters.Add(Text("@tag", row.Tag));
        parameters.Add(Text("@json", row.Json));
        if (expectedJson is not null)
        {
            parameters.Add(Text("@expected", expectedJson));
        }
    }

    // Typed, so a null still tells PostgreSQL the parameter is text.
    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Texts(string name, string?[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values };
}
