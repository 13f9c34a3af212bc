using Npgsql;
using NpgsqlTypes;
using Spindle.Core.Tenancy;

namespace Spindle.Storage.Cluster;

/// <summary>
/// Leases on the <c>objects</c> rows that are work: runs to execute and vector-store files to ingest. A row whose
/// lease ran out belongs to nobody and is claimed by the first node that asks (<c>FOR UPDATE SKIP LOCKED</c>, so two
/// nodes never claim the same row). Each take gets a fresh token; a release names it, so it never drops a later take.
/// The statements that change many rows skip the rows another transaction has locked (<c>FOR UPDATE SKIP LOCKED</c>):
/// they never wait for a lock, so they never join a deadlock with each other or with a run's writes, and a row skipped
/// is taken, renewed or marked at the next tick, three ticks before its lease could run out.
/// </summary>
/// <remarks>A row with no lease at all (just inserted, or released) is not claimable until <see cref="MarkUnheldAsync"/>
/// gives it one, which runs out a lease later: the node that made it executable takes it in the meantime, within a
/// quarter lease (<see cref="TakeAcceptedAsync"/>), or finishes the work before that and never takes it.</remarks>
internal sealed class WorkLeases(NpgsqlDataSource dataSource, ClusterNode node)
{
    /// <summary>A row this node claimed from nobody.</summary>
    public sealed record Claimed(TenantId Tenant, string Id, string? ParentId, string Lease);

    /// <summary>A row this node holds, with its tag as of the renewal.</summary>
    public sealed record Held(string Collection, string Id, string? Tag);

    /// <summary>
    /// Takes the lease on a row when nobody holds a live lease on it and its tag is one of <paramref name="tags"/>.
    /// Returns the new token, or null when the row was not taken.
    /// </summary>
    public async Task<string?> TakeAsync(TenantId tenant, string collection, string id, string[] tags, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        await using var command = dataSource.CreateCommand(
            "UPDATE objects SET lease_owner = @node, lease_token = @token, lease_until = now() + @lease " +
            $"WHERE collection = @collection AND id = @id AND {ObjectSql.ByTenant} AND tag = ANY(@tags) AND (lease_owner IS NULL OR lease_until < now())");
        command.Parameters.Add(Text("@node", node.Id));
        command.Parameters.Add(Text("@token", token));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("@lease", node.Options.Lease));
        command.Parameters.Add(Text("@collection", collection));
        command.Parameters.Add(Text("@id", id));
        command.Parameters.Add(Text("@tenant", tenant.Value));
        command.Parameters.Add(new NpgsqlParameter<string[]>("@tags", tags));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? token : null;
    }

    /// <summary>
    /// Takes the lease on the rows of <paramref name="collection"/> with these ids whose tag is one of
    /// <paramref name="tags"/> and that no other node holds: work this node accepted and has not leased yet. Returns
    /// the one token of this take and the ids it took.
    /// </summary>
    public async Task<(string Token, IReadOnlyList<string> Taken)> TakeAcceptedAsync(
        NpgsqlConnection connection, string collection, string[] ids, string[] tags, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        await using var command = new NpgsqlCommand(
            "UPDATE objects SET lease_owner = @node, lease_token = @token, lease_until = now() + @lease " +
            "WHERE seq IN (SELECT seq FROM objects WHERE collection = @collection AND id = ANY(@ids) AND tag = ANY(@tags) " +
            "AND (lease_owner IS NULL OR lease_owner = @node) FOR UPDATE SKIP LOCKED) RETURNING id", connection);
        command.Parameters.Add(Text("@node", node.Id));
        command.Parameters.Add(Text("@token", token));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("@lease", node.Options.Lease));
        command.Parameters.Add(Text("@collection", collection));
        command.Parameters.Add(new NpgsqlParameter<string[]>("@ids", ids));
        command.Parameters.Add(new NpgsqlParameter<string[]>("@tags", tags));
        var taken = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            taken.Add(reader.GetString(0));
        }

        return (token, taken);
    }

    /// <summary>Drops the lease taken with <paramref name="token"/>, if it is still that one.</summary>
    public async Task ReleaseAsync(string collection, string id, string token, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE objects SET lease_owner = NULL, lease_token = NULL, lease_until = NULL " +
            "WHERE collection = @collection AND id = @id AND lease_token = @token");
        command.Parameters.Add(Text("@collection", collection));
        command.Parameters.Add(Text("@id", id));
        command.Parameters.Add(Text("@token", token));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Extends by one lease from now every lease this node holds on a row that is still work (its tag one of
    /// <paramref name="tags"/>); returns those rows.
    /// </summary>
    public async Task<IReadOnlyList<Held>> RenewAsync(NpgsqlConnection connection, string[] tags, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE objects SET lease_until = now() + @lease " +
            "WHERE seq IN (SELECT seq FROM objects WHERE lease_owner = @node AND tag = ANY(@tags) FOR UPDATE SKIP LOCKED) RETURNING collection, id, tag", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("@tags", tags));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("@lease", node.Options.Lease));
        command.Parameters.Add(Text("@node", node.Id));
        var held = new List<Held>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            held.Add(new Held(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return held;
    }

    /// <summary>
    /// Gives rows of <paramref name="collection"/> in <paramref name="tags"/> that nobody holds a lease that ends one
    /// lease from now, so that they become claimable then unless a node takes them first: work whose node stopped
    /// between storing it and taking it, or released it while stopping.
    /// </summary>
    public async Task MarkUnheldAsync(string collection, string[] tags, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE objects SET lease_until = now() + @lease " +
            "WHERE seq IN (SELECT seq FROM objects WHERE collection = @collection AND tag = ANY(@tags) AND lease_owner IS NULL AND lease_until IS NULL " +
            "FOR UPDATE SKIP LOCKED)");
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("@lease", node.Options.Lease));
        command.Parameters.Add(Text("@collection", collection));
        command.Parameters.Add(new NpgsqlParameter<string[]>("@tags", tags));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Claims up to <paramref name="limit"/> rows of <paramref name="collection"/> in <paramref name="tags"/> whose lease ran out.</summary>
    public async Task<IReadOnlyList<Claimed>> ClaimExpiredAsync(string collection, string[] tags, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE objects SET lease_owner = @node, lease_token = replace(gen_random_uuid()::text, '-', ''), lease_until = now() + @lease " +
            "WHERE seq IN (SELECT seq FROM objects WHERE collection = @collection AND tag = ANY(@tags) AND lease_until < now() " +
            "ORDER BY lease_until LIMIT @limit FOR UPDATE SKIP LOCKED) " +
            "RETURNING tenant, id, parent_id, lease_token");
        command.Parameters.Add(Text("@node", node.Id));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("@lease", node.Options.Lease));
        command.Parameters.Add(Text("@collection", collection));
        command.Parameters.Add(new NpgsqlParameter<string[]>("@tags", tags));
        command.Parameters.Add(new NpgsqlParameter<int>("@limit", limit));
        var claimed = new List<Claimed>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new Claimed(new TenantId(reader.GetString(0)), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)));
        }

        return claimed;
    }

    private static NpgsqlParameter Text(string name, string value) => new(name, NpgsqlDbType.Text) { Value = value };
}
