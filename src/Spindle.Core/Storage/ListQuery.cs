namespace Spindle.Core.Storage;

/// <summary>
/// A cursor page request, as OpenAI's list endpoints take it (ASSISTANTS_API.md §1.4).
/// </summary>
/// <param name="ParentId">Only rows with this parent; null lists top-level rows of the collection.</param>
/// <param name="Limit">Page size, already validated (1–100, or up to 10,000 for files).</param>
/// <param name="Ascending">Sort by creation time ascending (<c>order=asc</c>) or descending.</param>
/// <param name="After">Return the rows that follow this id in the sort order.</param>
/// <param name="Before">Return the rows that precede this id in the sort order (the ones nearest to it).</param>
/// <param name="Tag">Only rows whose tag equals this value.</param>
public sealed record ListQuery(string? ParentId, int Limit, bool Ascending, string? After, string? Before, string? Tag);
