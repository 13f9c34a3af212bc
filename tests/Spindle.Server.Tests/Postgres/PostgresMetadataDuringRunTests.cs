using Spindle.Server.Tests.Runs;

namespace Spindle.Server.Tests.Postgres;

public sealed class PostgresMetadataDuringRunTests(PostgresSpindle spindle) : MetadataDuringRunContract(spindle), IClassFixture<PostgresSpindle>;
