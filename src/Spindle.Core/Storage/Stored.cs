namespace Spindle.Core.Storage;

/// <summary>
/// An object as its row holds it: the value and the exact JSON text of the row, which a compare-and-set
/// (<see cref="IObjectStore.UpdateAsync"/>) expects to find there still.
/// </summary>
public sealed record Stored<T>(T Value, string Json);
