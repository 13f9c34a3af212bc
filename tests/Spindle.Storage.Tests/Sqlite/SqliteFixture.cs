using Spindle.Core.Storage;
using Spindle.Storage.Migrations;
using Spindle.Storage.Sqlite;

namespace Spindle.Storage.Tests.Sqlite;

/// <summary>A migrated SQLite store in a temporary folder that is removed afterwards.</summary>
public sealed class SqliteFixture : IStoreFixture, IDisposable
{
    private readonly SqliteObjectStore _store;

    public SqliteFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("spindle-sqlite-").FullName;
        DatabasePath = Path.Combine(Directory, "spindle.db");
        _store = SqliteObjectStore.Open(DatabasePath);
    }

    /// <summary>The temporary folder holding every database of this fixture.</summary>
    public string Directory { get; }

    public string DatabasePath { get; }

    public IObjectStore Store => _store;

    internal SqliteDatabase Database => _store.Database;

    public int ScriptCount => Migrator.Scripts("sqlite").Count;

    public int MigrateStore() => _store.Migrate();

    public Task<string> CreateEmptyDatabaseAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Path.Combine(Directory, $"empty-{Guid.NewGuid():N}.db"));

    // A store of its own per call, as a second process starting at the same time would have.
    public int Migrate(string database)
    {
        using var store = SqliteObjectStore.Connect(database);
        return store.Migrate();
    }

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
