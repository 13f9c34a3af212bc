using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Spindle.Storage.Sqlite;

/// <summary>
/// One SQLite file in WAL mode, shared by every store over it (objects, chunks): its pooled connections and its one
/// writer gate. Readers never block the writer.
/// </summary>
/// <remarks>
/// Thread-safe. SQLite has one writer per file: writers of this process queue on the gate without holding a thread
/// (Microsoft.Data.Sqlite's async methods complete synchronously), so <c>busy_timeout</c> only arbitrates between
/// processes. Each write takes the file's write lock up front (<c>BEGIN IMMEDIATE</c>): a deferred transaction that
/// reads and then writes fails with SQLITE_BUSY at once, without waiting, when another writer committed in between.
/// </remarks>
internal sealed class SqliteDatabase : IDisposable
{
    private const int BusyTimeoutMilliseconds = 30_000;

    private static readonly ConditionalWeakTable<object, object> Configured = new();
    private static readonly object Marker = new();

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private SqliteDatabase(string connectionString) => _connectionString = connectionString;

    /// <summary>Creates the file and its directory if missing and switches it to WAL.</summary>
    public static SqliteDatabase Connect(string path)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var database = new SqliteDatabase(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString());

        using var connection = database.Open();
        using var command = connection.CreateCommand();

        // Persistent in the file; it cannot be changed inside a transaction, so it is set before migrating.
        command.CommandText = "PRAGMA journal_mode = WAL";
        command.ExecuteNonQuery();
        return database;
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Configure(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            Configure(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one immediate transaction, one writer of this process at a time.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Closes this file's idle pooled connections, so the file and its WAL can be removed.</summary>
    public void Dispose()
    {
        _writeGate.Dispose();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    // Both settings belong to the connection, not the file, and a pooled connection keeps them. The pool hands back
    // the same native handle, so they are set once per handle: parsing them on every open was a third of the
    // statements of a list request (bench/run.sh, figure 4).
    // synchronous = NORMAL is the usual WAL pairing: a commit survives a process crash, and an OS crash or power
    // loss can lose only the last commits, never corrupt the file.
    private static void Configure(SqliteConnection connection)
    {
        if (Configured.TryGetValue(connection.Handle!, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL";
        command.ExecuteNonQuery();
        Configured.TryAdd(connection.Handle!, Marker);
    }
}
