namespace Spindle.Core.Wire;

/// <summary>The cursor page envelope of every list endpoint (ASSISTANTS_API.md §1.4).</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Data, string? FirstId, string? LastId, bool HasMore)
{
    public string Object => "list";
}
