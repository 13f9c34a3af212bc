namespace Spindle.Storage;

/// <summary>Where Spindle keeps its state of record, bound from <c>Spindle:Storage</c>.</summary>
internal sealed class StorageOptions
{
    public const string Section = "Spindle:Storage";

    public const string Sqlite = "sqlite";

    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>, case-insensitive.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Root for files Spindle writes itself; created at start-up when missing.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The SQLite file; defaults to <c>spindle.db</c> in <see cref="DataDirectory"/>.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>
    /// A directory for file bytes, shared by every node when several run; unset means <c>&lt;DataDirectory&gt;/blobs</c>
    /// on SQLite and the database itself on PostgreSQL.
    /// </summary>
    public string? BlobDirectory { get; set; }

    /// <summary>An Npgsql connection string; required when <see cref="Provider"/> is <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    public string ResolvedSqlitePath => string.IsNullOrWhiteSpace(SqlitePath) ? Path.Combine(DataDirectory, "spindle.db") : SqlitePath;
}
