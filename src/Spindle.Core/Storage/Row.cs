namespace Spindle.Core.Storage;

/// <summary>
/// One stored object: its wire JSON plus the few columns the store indexes.
/// </summary>
/// <param name="Collection">The kind of object, e.g. <c>assistants</c>, <c>messages</c>.</param>
/// <param name="Id">The object id, unique within the collection.</param>
/// <param name="ParentId">The object lists are scoped by (a message's thread, a step's run); null for top-level objects.</param>
/// <param name="Scope">The thread an object belongs to, so deleting a thread removes everything in it; null otherwise.</param>
/// <param name="CreatedAt">Unix seconds; lists sort by it, then by insertion order.</param>
/// <param name="Tag">One filterable value per collection (a run's status, a message's run id, a file's purpose).</param>
/// <param name="Json">The object as it goes on the wire.</param>
public sealed record Row(string Collection, string Id, string? ParentId, string? Scope, long CreatedAt, string? Tag, string Json);

/// <summary>A row to replace in <see cref="IObjectStore.UpdateAllAsync"/>, and the JSON it must still hold (null: any).</summary>
public sealed record RowUpdate(Row Row, string? ExpectedJson = null);

/// <summary>
/// What must hold for <see cref="IObjectStore.InsertIfAsync"/> to insert: the row <paramref name="ParentId"/> of
/// <paramref name="ParentCollection"/> exists for the tenant, and the newest row of <paramref name="ChildCollection"/>
/// under it, if any, has none of <paramref name="BlockingTags"/> (a thread, and its newest run still active).
/// </summary>
public sealed record InsertCondition(string ParentCollection, string ParentId, string ChildCollection, IReadOnlyList<string> BlockingTags);

/// <summary>Why <see cref="IObjectStore.InsertIfAsync"/> inserted nothing: the parent is missing, or the child in the way.</summary>
/// <param name="BlockingChild">The newest child, whose tag blocks the insert; null when the parent is missing.</param>
public sealed record InsertRefusal(Row? BlockingChild)
{
    public bool ParentMissing => BlockingChild is null;
}
