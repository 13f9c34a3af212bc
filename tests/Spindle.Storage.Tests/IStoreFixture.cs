using Spindle.Core.Storage;

namespace Spindle.Storage.Tests;

/// <summary>One database engine for <see cref="StoreContract"/>: a migrated store plus ways to exercise the migrator.</summary>
public interface IStoreFixture
{
    /// <summary>A migrated store shared by the tests of one class; tests isolate themselves with fresh tenants and collections.</summary>
    IObjectStore Store { get; }

    /// <summary>Runs the migrator again against <see cref="Store"/>'s database; returns how many scripts it applied.</summary>
    int MigrateStore();

    /// <summary>Creates a database with no tables at all and returns its name for <see cref="Migrate"/>.</summary>
    Task<string> CreateEmptyDatabaseAsync(CancellationToken cancellationToken);

    /// <summary>Runs the migrator against a database from <see cref="CreateEmptyDatabaseAsync"/>; returns how many scripts it applied.</summary>
    int Migrate(string database);

    /// <summary>How many migration scripts this engine has.</summary>
    int ScriptCount { get; }
}
