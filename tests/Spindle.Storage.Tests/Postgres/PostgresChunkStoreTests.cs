using Spindle.Storage.Postgres;

namespace Spindle.Storage.Tests.Postgres;

public sealed class PostgresChunkStoreTests(PostgresFixture postgres) : ChunkStoreContract(new PostgresChunkStore(postgres.DataSource)), IClassFixture<PostgresFixture>;
