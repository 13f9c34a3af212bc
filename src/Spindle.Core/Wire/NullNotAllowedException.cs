using System.Text.Json;

namespace Spindle.Core.Wire;

/// <summary>
/// An explicit JSON <c>null</c> for an optional request field that the reference and the SDK types do not declare
/// nullable (e.g. <c>tools</c>, <c>thread</c>, <c>files</c>); leaving such a field out is fine. Those properties have a
/// <c>set</c> accessor, which System.Text.Json calls only for a field that is present, and throw this on null.
/// System.Text.Json fills in <see cref="JsonException.Path"/> with the object holding the field, and the error
/// handler answers 400 <c>invalid_type</c> naming the field.
/// </summary>
public sealed class NullNotAllowedException(string property) : JsonException($"'{property}' may not be null.")
{
    /// <summary>The field's name on the wire.</summary>
    public string Property { get; } = property;
}
