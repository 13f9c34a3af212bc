namespace Spindle.Core.Wire;

/// <summary>The answer to a delete, e.g. <c>{"id","object":"assistant.deleted","deleted":true}</c>.</summary>
public sealed record DeletedObject(string Id, string Object, bool Deleted);
