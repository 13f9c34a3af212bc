namespace Spindle.Core.Wire;

public sealed record FileSearchResources
{
    public IReadOnlyList<string> VectorStoreIds { get; init; } = [];
}
