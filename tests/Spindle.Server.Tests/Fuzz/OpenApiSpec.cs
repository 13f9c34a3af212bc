using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Spindle.Server.Tests.Fuzz;

/// <summary>
/// The OpenAPI reference (a verbatim copy of the wire contract's yaml beside this file) read into JSON nodes, with
/// <c>$ref</c>s resolved on demand. Only what the fuzz generator needs: operations, parameters, request schemas.
/// </summary>
internal sealed class OpenApiSpec
{
    private static readonly Lazy<OpenApiSpec> Loaded = new(() => Load(Path.Combine(AppContext.BaseDirectory, "Fuzz", "openai-assistants-v2.openapi.yaml")));

    private readonly JsonObject _root;

    private OpenApiSpec(JsonObject root) => _root = root;

    public static OpenApiSpec Reference => Loaded.Value;

    /// <summary>Every GET, POST and DELETE operation as (method, path template).</summary>
    public IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        from path in _root["paths"]!.AsObject()
        from op in path.Value!.AsObject()
        where op.Key is "get" or "post" or "delete"
        select (op.Key.ToUpperInvariant(), path.Key, op.Value!.AsObject());

    /// <summary>Follows <c>$ref</c>s (only local <c>#/components/...</c> ones occur) to the schema itself.</summary>
    public JsonObject Resolve(JsonNode schema)
    {
        var current = schema.AsObject();
        while (current["$ref"]?.GetValue<string>() is { } reference)
        {
            current = reference.TrimStart('#', '/').Split('/').Aggregate((JsonNode)_root, (node, part) => node[part]!).AsObject();
        }

        return current;
    }

    private static OpenApiSpec Load(string path)
    {
        using var reader = new StreamReader(path);
        var yaml = new YamlStream();
        yaml.Load(reader);
        return new OpenApiSpec(ToJson(yaml.Documents[0].RootNode)!.AsObject());
    }

    // YAML scalars carry no type; plain ones that read as a number, boolean or null are those.
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidDataException($"Unexpected YAML node {node.NodeType}"),
    };

    private static JsonNode? Plain(string value) => value switch
    {
        "null" or "~" or "" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
        _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(value),
    };
}
