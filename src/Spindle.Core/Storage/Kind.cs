using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spindle.Core.Wire;

namespace Spindle.Core.Storage;

/// <summary>
/// How one wire type is stored: its collection name and which of its fields fill the indexed columns. The JSON
/// contract is fetched on first use: building every kind's contract when <see cref="Kinds"/> is first touched (run
/// recovery does, before the server listens) cost start-up most of a tenth of a second.
/// </summary>
public sealed class Kind<T>(
    string name,
    Func<JsonTypeInfo<T>> typeInfo,
    Func<T, string> id,
    Func<T, long> createdAt,
    Func<T, string?>? parent = null,
    Func<T, string?>? scope = null,
    Func<T, string?>? tag = null)
{
    public string Name => name;

    public Row ToRow(T value) =>
        new(name, id(value), parent?.Invoke(value), scope?.Invoke(value), createdAt(value), tag?.Invoke(value),
            WireJson.ToJson(value, typeInfo()));

    public T Read(Row row) => JsonSerializer.Deserialize(row.Json, typeInfo())!;

    public string IdOf(T value) => id(value);
}
