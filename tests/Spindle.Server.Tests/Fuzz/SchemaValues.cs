using System.Text.Json.Nodes;

namespace Spindle.Server.Tests.Fuzz;

/// <summary>What a request schema allows: its JSON types, whether null is among them, and a minimal valid value.</summary>
internal sealed class SchemaValues(OpenApiSpec spec)
{
    /// <summary>The schema without its null branch (<c>anyOf: [X, {type: null}]</c>, <c>allOf: [X, {nullable: true}]</c>).</summary>
    public JsonObject NonNull(JsonNode schema)
    {
        var resolved = spec.Resolve(schema);
        foreach (var key in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (resolved[key] is JsonArray branches)
            {
                var real = branches.Select(b => spec.Resolve(b!)).Where(b => !IsNullOnly(b)).ToList();
                if (real.Count == 1 && resolved["properties"] is null)
                {
                    return NonNull(real[0]);
                }
            }
        }

        return resolved;
    }

    public bool Nullable(JsonNode schema)
    {
        var resolved = spec.Resolve(schema);
        return schema["nullable"]?.GetValue<bool>() == true // beside a $ref, as on run create's response_format
            || resolved["nullable"]?.GetValue<bool>() == true
            || resolved["type"] is JsonValue type && type.GetValue<string>() == "null"
            || resolved["type"] is JsonArray types && types.Any(t => t!.GetValue<string>() == "null")
            || new[] { "anyOf", "oneOf", "allOf" }.Any(k => resolved[k] is JsonArray branches && branches.Any(b => Nullable(b!)));
    }

    /// <summary>The JSON types a value may have: string, number, integer, boolean, array, object. Empty means anything.</summary>
    public HashSet<string> Types(JsonNode schema)
    {
        var resolved = NonNull(schema);
        var types = new HashSet<string>(StringComparer.Ordinal);
        switch (resolved["type"])
        {
            case JsonValue one:
                types.Add(one.GetValue<string>());
                break;
            case JsonArray many:
                types.UnionWith(many.Select(t => t!.GetValue<string>()));
                break;
        }

        if (resolved["properties"] is not null)
        {
            types.Add("object");
        }

        foreach (var key in new[] { "anyOf", "oneOf" })
        {
            if (resolved[key] is JsonArray branches)
            {
                foreach (var branch in branches.Where(b => !IsNullOnly(spec.Resolve(b!))))
                {
                    var inner = Types(branch!);
                    if (inner.Count == 0)
                    {
                        return [];
                    }

                    types.UnionWith(inner);
                }
            }
        }

        types.Remove("null");
        if (types.Contains("number"))
        {
            types.Add("integer");
        }

        return types;
    }

    public JsonObject Properties(JsonObject schema) => schema["properties"]?.AsObject() ?? [];

    public IReadOnlyList<string> Required(JsonObject schema) => schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToList() ?? [];

    /// <summary>A minimal valid value: required properties only, the first enum value, the first non-null branch.</summary>
    public JsonNode? Sample(JsonNode schema, int depth = 0)
    {
        var resolved = NonNull(schema);
        if (resolved["enum"] is JsonArray values)
        {
            return values[0]?.DeepClone();
        }

        if (resolved["oneOf"] is JsonArray oneOf && resolved["properties"] is null)
        {
            return Sample(oneOf.First(b => !IsNullOnly(spec.Resolve(b!)))!, depth);
        }

        if (resolved["anyOf"] is JsonArray anyOf && resolved["properties"] is null)
        {
            return Sample(anyOf.First(b => !IsNullOnly(spec.Resolve(b!)))!, depth);
        }

        var types = Types(resolved);
        if (types.Contains("object") && depth < 6)
        {
            var sample = new JsonObject();
            var properties = Properties(resolved);
            foreach (var name in Required(resolved).Where(properties.ContainsKey))
            {
                sample[name] = Sample(properties[name]!, depth + 1);
            }

            return sample;
        }

        if (types.Contains("array"))
        {
            var min = Number(resolved["minItems"]) ?? 0;
            return new JsonArray(Enumerable.Range(0, (int)min).Select(_ => Sample(resolved["items"]!, depth + 1)).ToArray());
        }

        return types switch
        {
            _ when types.Contains("string") => JsonValue.Create(new string('x', (int)(Number(resolved["minLength"]) ?? 1))),
            _ when types.Contains("integer") || types.Contains("number") => JsonValue.Create((long)Math.Max(Number(resolved["minimum"]) ?? 1, 1)),
            _ when types.Contains("boolean") => JsonValue.Create(true),
            _ => JsonValue.Create("x"),
        };
    }

    /// <summary>A numeric keyword (<c>minimum</c>, <c>maxItems</c>, …) as a double, whichever way YAML typed it.</summary>
    public static double? Number(JsonNode? node) =>
        node is JsonValue value ? value.TryGetValue<long>(out var whole) ? whole : value.GetValue<double>() : null;

    private static bool IsNullOnly(JsonObject schema) =>
        schema["type"] is JsonValue type && type.GetValue<string>() == "null"
        || (schema.Count == 1 && schema["nullable"] is not null);
}
