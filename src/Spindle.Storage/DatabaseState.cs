namespace Spindle.Storage;

/// <summary>What <see cref="DatabaseReadiness"/> found; <paramref name="SchemaVersion"/> is null when unreachable.</summary>
internal sealed record DatabaseState(DatabaseStatus Status, int? SchemaVersion, int ExpectedSchemaVersion, string? Detail);
