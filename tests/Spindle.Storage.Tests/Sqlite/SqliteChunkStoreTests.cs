using Spindle.Storage.Sqlite;

namespace Spindle.Storage.Tests.Sqlite;

public sealed class SqliteChunkStoreTests(SqliteFixture sqlite) : ChunkStoreContract(new SqliteChunkStore(sqlite.Database)), IClassFixture<SqliteFixture>;
