using Spindle.Testing;

namespace Spindle.Server.Tests.Runs;

public sealed class MetadataDuringRunTests(SpindleFixture spindle) : MetadataDuringRunContract(spindle), IClassFixture<SpindleFixture>;
