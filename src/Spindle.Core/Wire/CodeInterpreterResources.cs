namespace Spindle.Core.Wire;

public sealed record CodeInterpreterResources
{
    public IReadOnlyList<string> FileIds { get; init; } = [];
}
