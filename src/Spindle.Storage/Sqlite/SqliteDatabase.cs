using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Spindle.Storage.Sqlite;

/// <summary>
/// One SQLite file in WAL mode, shared by every store over it (objects, chunks): its reader sessions and its one
/// writer, which commits writes in groups. Readers never block the writer.
/// </summary>
/// <remarks>
/// Thread-safe. Each call runs on a <see cref="SqliteSession"/>, an open connection that keeps its statements prepared:
/// a reader rents one of a few (as many as can usefully run at once), the writer keeps its own. Opening a pooled
/// connection and preparing a new command on every call cost more than the statements themselves, and each left
/// finalizable objects behind (a quarter of the managed CPU of bench/run.sh figure 4 went to the finalizer thread).
/// SQLite has one writer per file, so this process writes through one connection of its own: callers
/// queue their work, and the writer runs every work item waiting at that moment in one immediate transaction, each
/// inside a savepoint of its own (a lone item needs none), then commits once (group commit). A caller's task completes
/// only after that commit, so an acknowledged write is as durable as before; a work item that throws rolls back its own
/// savepoint (a lone item, the transaction) and fails alone, while a failed commit fails every item of the group. Under
/// load this turns many short transactions (one commit, one WAL append and one pooled open each) into few; alone, a
/// write still commits at once.
/// <c>busy_timeout</c> only arbitrates between processes. Each group takes the file's write lock up front
/// (<c>BEGIN IMMEDIATE</c>): a deferred transaction that reads and then writes fails with SQLITE_BUSY at once, without
/// waiting, when another process committed in between.
/// </remarks>
internal sealed class SqliteDatabase : IDisposable
{
    private const int BusyTimeoutMilliseconds = 30_000;

    /// <summary>The most work items one commit takes; a long queue is committed in several groups.</summary>
    private const int MaxGroup = 128;

    /// <summary>Readers at once: a read is CPU work, so more than a few per core only queue inside SQLite.</summary>
    private static readonly int MaxReaders = Math.Max(4, 2 * Environment.ProcessorCount);

    private static readonly ConditionalWeakTable<object, object> Configured = new();
    private static readonly object Marker = new();

    private readonly string _connectionString;
    private readonly Channel<Write> _writes = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly ConcurrentBag<SqliteSession> _readers = [];
    private readonly SemaphoreSlim _readerSlots = new(MaxReaders, MaxReaders);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _checkpointer;
    private int _commitsSinceCheckpoint;
    private int _catchUpWanted;

    private SqliteDatabase(string connectionString)
    {
        _connectionString = connectionString;
        _writer = Task.Run(WriteLoopAsync);
        _checkpointer = Task.Run(CheckpointLoopAsync);
    }

    /// <summary>A WAL this long (frames, a page each) is started over once it is all copied back.</summary>
    private const int RestartFrames = 4096;

    /// <summary>What is left for the writer to copy back between two groups, at most, before the WAL starts over.</summary>
    private const int CatchUpFrames = 1024;

    /// <summary>Passes of the checkpointer per tick, each over what was committed during the one before.</summary>
    private const int MaxPasses = 8;

    /// <summary>How often the WAL is copied back into the database file, off the writer.</summary>
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);
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

    /// <summary>
    /// Runs <paramref name="work"/> in the writer's next group commit; completes once that commit is durable.
    /// </summary>
    /// <remarks>The work runs on the writer's session inside the group's transaction: it must not commit, roll back or wait on other writes.</remarks>
    public Task<T> WriteAsync<T>(Func<SqliteSession, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new Write<T>(work, cancellationToken);
        if (!_writes.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteDatabase));
        }

        return write.Task;
    }

    /// <summary>Runs <paramref name="read"/> on a reader session, waiting for one when every session is busy.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteSession, Task<T>> read, CancellationToken cancellationToken)
    {
        await _readerSlots.WaitAsync(cancellationToken);
        SqliteSession? session = null;
        try
        {
            session = _readers.TryTake(out var idle) ? idle : new SqliteSession(Open());
            var result = await read(session);
            _readers.Add(session);
            session = null;
            return result;
        }
        finally
        {
            // A session whose read failed is closed rather than trusted again.
            session?.Dispose();
            _readerSlots.Release();
        }
    }

    /// <summary>Closes this file's idle pooled connections, so the file and its WAL can be removed.</summary>
    public void Dispose()
    {
        _writes.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
        _stopping.Cancel();
        _checkpointer.GetAwaiter().GetResult();
        _stopping.Dispose();
        // A read still running at shutdown returns its session to the bag afterwards and releases its slot, so the
        // semaphore (which holds no handle) is left undisposed.
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task WriteLoopAsync()
    {
        SqliteSession? session = null;
        var group = new List<Write>(MaxGroup);
        try
        {
            while (await _writes.Reader.WaitToReadAsync())
            {
                while (group.Count < MaxGroup && _writes.Reader.TryRead(out var write))
                {
                    if (!write.Cancelled)
                    {
                        group.Add(write);
                    }
                }

                if (group.Count == 0)
                {
                    continue;
                }

                try
                {
                    session ??= new SqliteSession(OpenWriter());
                    if (Interlocked.Exchange(ref _catchUpWanted, 0) == 1)
                    {
                        CatchUp(session.Connection);
                    }

                    await using var transaction = session.Connection.BeginTransaction(deferred: false);
                    session.Transaction = transaction;
                    // Alone in its transaction, a write needs no savepoint (SQLite copies every page a savepoint changes,
                    // to be able to undo it): when it fails, the whole transaction is undone instead.
                    var kept = true;
                    if (group.Count == 1)
                    {
                        kept = await group[0].RunAsync(session);
                    }
                    else
                    {
                        foreach (var write in group)
                        {
                            await session.InSavepointAsync("w", () => write.RunAsync(session));
                        }
                    }

                    if (kept)
                    {
                        transaction.Commit();
                        Interlocked.Increment(ref _commitsSinceCheckpoint);
                    }
                    else
                    {
                        transaction.Rollback();
                    }

                    session.Transaction = null;
                    foreach (var write in group)
                    {
                        write.Commit();
                    }
                }
                catch (Exception e)
                {
                    // BEGIN, a savepoint or COMMIT failed: nothing of the group was written. The connection may be
                    // left inside a broken transaction, so the next group opens a fresh one.
                    foreach (var write in group)
                    {
                        write.Fail(e);
                    }

                    session?.Dispose();
                    session = null;
                }

                group.Clear();
            }
        }
        finally
        {
            session?.Dispose();
        }
    }

    // The writer does not checkpoint: with SQLite's automatic checkpoint, the commit that crosses 1000 WAL pages copies
    // them into the database and syncs both files while every queued write waits (a tenth of the writer's time under
    // load, bench/run.sh figure 7). The checkpointer does it instead, PASSIVE so that neither writer nor readers wait,
    // and leaves the writer only the last few frames of a long WAL (see Checkpoint).
    // A commit's durability does not change: it is in the WAL, which is what SQLite reads and recovers from.
    // The copies of pages a savepoint keeps, to be able to undo it, stay in memory (temp_store): beyond 64 KiB, SQLite
    // would write them to a temporary file, which a group of a few runs' writes passes.
    private SqliteConnection OpenWriter()
    {
        var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint = 0; PRAGMA temp_store = MEMORY";
        command.ExecuteNonQuery();
        return connection;
    }

    private async Task CheckpointLoopAsync()
    {
        using var timer = new PeriodicTimer(CheckpointInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                if (Interlocked.Exchange(ref _commitsSinceCheckpoint, 0) > 0)
                {
                    Checkpoint();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        Checkpoint();
    }

    // A WAL is started over, from its first frame, by the first commit after every frame in it was copied back, unless a
    // reader still reads from it. A passive checkpoint runs beside the commits and never catches them up, so under writes
    // that never pause the WAL grew for as long as they went on (1.7 GB in a minute of bench/run.sh figure 4), and every
    // page read searched an index of all its frames. So a long WAL is copied back again, each pass taking what was
    // committed during the one before, until what is left is short; then the writer copies that between two groups,
    // where no commit runs beside it, and its next commit starts the WAL over.
    private void Checkpoint()
    {
        try
        {
            using var connection = Open();
            var (frames, copied) = CopyBack(connection);
            for (var pass = 1; frames >= RestartFrames && pass < MaxPasses; pass++)
            {
                var before = copied;
                (frames, copied) = CopyBack(connection);
                if (copied - before <= CatchUpFrames)
                {
                    Volatile.Write(ref _catchUpWanted, 1);
                    return;
                }
            }
        }
        catch (SqliteException)
        {
            // A busy or vanished file: the WAL keeps every commit, and the next tick tries again.
        }
    }

    /// <summary>A passive checkpoint: the WAL's frames, and how many of them are in the database file now.</summary>
    private static (long Frames, long Copied) CopyBack(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var result = command.ExecuteReader();
        result.Read();
        return (result.GetInt64(1), result.GetInt64(2));
    }

    /// <summary>The writer's copy of the WAL's last frames; a failure leaves them to the next tick, and fails no write.</summary>
    private static void CatchUp(SqliteConnection writer)
    {
        try
        {
            CopyBack(writer);
        }
        catch (SqliteException)
        {
        }
    }

    /// <summary>One caller's work waiting for the writer, with the task that completes when its group commits.</summary>
    private abstract class Write
    {
        public abstract bool Cancelled { get; }

        /// <summary>Runs the work; false when it threw, and what it wrote must be rolled back.</summary>
        public abstract Task<bool> RunAsync(SqliteSession session);

        public abstract void Commit();

        public abstract void Fail(Exception exception);
    }

    private sealed class Write<T>(Func<SqliteSession, Task<T>> work, CancellationToken cancellationToken) : Write
    {
        // The caller's continuation must not run on the writer, which would hold every later write behind it.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;

        public Task<T> Task => _completion.Task;

        public override bool Cancelled
        {
            get
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    return false;
                }

                _completion.TrySetCanceled(cancellationToken);
                return true;
            }
        }

        public override async Task<bool> RunAsync(SqliteSession session)
        {
            try
            {
                _result = await work(session);
                return true;
            }
            catch (Exception e)
            {
                _error = e;
                return false;
            }
        }

        public override void Commit()
        {
            if (_error is null)
            {
                _completion.TrySetResult(_result!);
            }
            else
            {
                _completion.TrySetException(_error);
            }
        }

        public override void Fail(Exception exception) => _completion.TrySetException(_error ?? exception);
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
