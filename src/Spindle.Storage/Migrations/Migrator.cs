using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Spindle.Storage.Migrations;

/// <summary>
/// Applies the numbered scripts embedded under <c>Migrations/{sqlite,postgres}/NNNN_name.sql</c>, in order,
/// each once, recording them in <c>schema_migrations(version)</c>.
/// </summary>
/// <remarks>
/// Idempotent and safe when several processes start at once: the whole check-and-apply runs in one
/// transaction that first takes the database's write lock (SQLite <c>BEGIN IMMEDIATE</c>) or a transaction-scoped
/// advisory lock (PostgreSQL), so a second migrator waits, then sees every version already recorded.
/// DDL is transactional on both databases, so a failing script leaves no trace.
/// Synchronous on purpose: it runs once while the store singleton is built (see AddSpindleStorage).
/// </remarks>
internal static class Migrator
{
    // Any constant works; it only has to be the same for every Spindle process sharing the database.
    private const long PostgresLockKey = 0x5350_494E_444C_4531; // "SPINDLE1"

    // applied_at is the database's own clock: it is for people reading the table, nothing reads it back.
    private const string SqliteVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, " +
        "applied_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER)))";

    private const string PostgresVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, " +
        "applied_at bigint NOT NULL DEFAULT (extract(epoch FROM now())::bigint))";

    /// <summary>Applies pending SQLite scripts; returns how many were applied.</summary>
    public static int ApplySqlite(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var applied = ApplyPending(connection, transaction, "sqlite", SqliteVersionTable);
        transaction.Commit();
        return applied;
    }

    /// <summary>Applies pending PostgreSQL scripts; returns how many were applied.</summary>
    public static int ApplyPostgres(NpgsqlDataSource dataSource)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("@key", PostgresLockKey);
            command.ExecuteNonQuery();
        }

        var applied = ApplyPending(connection, transaction, "postgres", PostgresVersionTable);
        transaction.Commit();
        return applied;
    }

    /// <summary>The embedded scripts for a provider folder, ordered by version.</summary>
    public static IReadOnlyList<(int Version, string Sql)> Scripts(string provider)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"{typeof(Migrator).Namespace}.{provider}.";
        var scripts = new List<(int Version, string Sql)>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = name[prefix.Length..];
            var digits = fileName.IndexOf('_', StringComparison.Ordinal);
            if (digits <= 0 || !int.TryParse(fileName.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration script '{name}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            scripts.Add((version, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < scripts.Count; i++)
        {
            if (scripts[i].Version == scripts[i - 1].Version)
            {
                throw new InvalidOperationException($"Two {provider} migration scripts have version {scripts[i].Version}.");
            }
        }

        return scripts;
    }

    private static int ApplyPending(DbConnection connection, DbTransaction transaction, string provider, string versionTable)
    {
        Execute(connection, transaction, versionTable);

        var done = new HashSet<int>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT version FROM schema_migrations";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                done.Add(reader.GetInt32(0));
            }
        }

        var applied = 0;
        foreach (var (version, sql) in Scripts(provider))
        {
            if (done.Contains(version))
            {
                continue;
            }

            Execute(connection, transaction, sql);
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version) VALUES (@version)";
                var parameter = record.CreateParameter();
                parameter.ParameterName = "@version";
                parameter.Value = version;
                record.Parameters.Add(parameter);
                record.ExecuteNonQuery();
            }

            applied++;
        }

        return applied;
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
