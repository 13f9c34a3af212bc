namespace Spindle.Core.Storage;

/// <summary>A page of rows in the requested order, and whether more rows lie beyond it.</summary>
public sealed record RowPage(IReadOnlyList<Row> Rows, bool HasMore);
