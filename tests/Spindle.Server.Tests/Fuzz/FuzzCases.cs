using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Spindle.Server.Tests.Fuzz;

/// <summary>
/// Generates bad requests for every operation of the reference: bad path ids, bad query values, and for JSON bodies
/// one mutation of a valid body per case (wrong type, null where not nullable, missing required field, unknown enum
/// value, out-of-range number, over-long string, too many or too few items, unknown field, deep nesting, not an object,
/// truncated JSON), descending into nested objects and array items; and broken multipart bodies for uploads.
/// </summary>
internal static partial class FuzzCases
{
    public const string KestrelNul = "nul";

    // A valid body per operation, naming the seeded objects; `false` where the seeded state refuses the request anyway
    // (the run is completed, so it takes no tool outputs), so only the status and envelope are pinned, not the param.
    private static readonly Dictionary<string, (string Body, bool Valid)> Bases = new()
    {
        ["POST /assistants"] = ("""{"model":"gpt-4o"}""", true),
        ["POST /assistants/{assistant_id}"] = ("{}", true),
        ["POST /threads"] = ("{}", true),
        ["POST /threads/runs"] = ("""{"assistant_id":"{assistant_id}"}""", true),
        ["POST /threads/{thread_id}"] = ("{}", true),
        ["POST /threads/{thread_id}/messages"] = ("""{"role":"user","content":"hi"}""", true),
        ["POST /threads/{thread_id}/messages/{message_id}"] = ("{}", true),
        ["POST /threads/{thread_id}/runs"] = ("""{"assistant_id":"{assistant_id}"}""", true),
        ["POST /threads/{thread_id}/runs/{run_id}"] = ("{}", true),
        ["POST /threads/{thread_id}/runs/{run_id}/submit_tool_outputs"] = ("""{"tool_outputs":[]}""", false),
        ["POST /vector_stores"] = ("{}", true),
        ["POST /vector_stores/{vector_store_id}"] = ("{}", true),
        ["POST /vector_stores/{vector_store_id}/file_batches"] = ("""{"file_ids":["{file_id}"]}""", true),
        ["POST /vector_stores/{vector_store_id}/files"] = ("""{"file_id":"{file_id}"}""", true),
        ["POST /vector_stores/{vector_store_id}/files/{file_id}"] = ("""{"attributes":{}}""", true),
        ["POST /vector_stores/{vector_store_id}/search"] = ("""{"query":"notes"}""", true),
    };

    // An id of another kind for each path parameter, by the parameter it is taken from.
    private static readonly Dictionary<string, string> OtherKind = new()
    {
        ["assistant_id"] = "thread_id",
        ["thread_id"] = "assistant_id",
        ["message_id"] = "run_id",
        ["run_id"] = "message_id",
        ["step_id"] = "run_id",
        ["file_id"] = "vector_store_id",
        ["vector_store_id"] = "file_id",
        ["batch_id"] = "vector_store_id",
        ["model"] = "assistant_id",
    };

    private static readonly string[] BadIds = ["..%2F..%2Fetc%2Fpasswd", "a%2Fb", "x%5C..%5Cy", "%20", "%FF%FE", "%F0%9F%92%A5", new string('a', 2000)];

    /// <summary>The operations Spindle serves: all of the reference but chat completions and model deletion.</summary>
    public static IEnumerable<(string Method, string Path)> Operations() =>
        OpenApiSpec.Reference.Operations()
            .Where(o => o.Path != "/chat/completions" && !(o.Method == "DELETE" && o.Path == "/models/{model}"))
            .Select(o => (o.Method, o.Path));

    public static IReadOnlyList<FuzzCase> For(string method, string path)
    {
        var spec = OpenApiSpec.Reference;
        var operation = spec.Operations().Single(o => o.Method == method && o.Path == path).Operation;
        var values = new SchemaValues(spec);
        var cases = new List<FuzzCase>();
        (string Body, bool Valid) body = Bases.TryGetValue($"{method} {path}", out var b) ? b : (method == "POST" && path != "/files" ? ("{}", true) : (null!, false));

        // OpenAI answers a method a path does not take as an unknown URL.
        cases.Add(new FuzzCase("unsupported method", "PATCH", path, body.Body, 404, null));
        cases.AddRange(PathIds(method, path, body.Body));
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            var resolved = spec.Resolve(parameter!);
            if (resolved["in"]?.GetValue<string>() == "query")
            {
                cases.AddRange(Query(values, method, path, resolved["name"]!.GetValue<string>(), resolved["schema"]!, body.Body));
            }
        }

        var content = operation["requestBody"]?["content"]?.AsObject();
        if (content?["application/json"]?["schema"] is { } schema)
        {
            var mutations = new List<FuzzCase>();
            Mutate(values, values.NonNull(schema), JsonNode.Parse(body.Body)!.AsObject(), "", 0,
                (kind, value, param) => mutations.Add(new FuzzCase(kind, method, path, value.ToJsonString(), 400, Pinned(param))));
            cases.AddRange(body.Valid ? mutations : mutations.Select(m => m with { Param = null }));
            cases.AddRange(Shapes(method, path, body.Body));
        }

        if (content?["multipart/form-data"] is not null)
        {
            cases.AddRange(BrokenMultipart.Cases(method, path));
        }

        return cases;
    }

    private static IEnumerable<FuzzCase> PathIds(string method, string path, string? body)
    {
        foreach (var parameter in PathParameter().Matches(path).Select(m => m.Groups[1].Value))
        {
            var placeholder = "{" + parameter + "}";
            yield return new FuzzCase("bad id: another kind", method, path.Replace(placeholder, "{" + OtherKind[parameter] + "}", StringComparison.Ordinal), body, 404, null);
            foreach (var id in BadIds)
            {
                yield return new FuzzCase("bad id", method, path.Replace(placeholder, id, StringComparison.Ordinal), body, 404, null);
            }

            // Kestrel refuses a NUL in the decoded path itself, before any application code runs: a 400 with no body.
            yield return new FuzzCase(KestrelNul, method, path.Replace(placeholder, "x%00y", StringComparison.Ordinal), body, 400, null);
        }
    }

    private static IEnumerable<FuzzCase> Query(SchemaValues values, string method, string path, string name, JsonNode schema, string? body)
    {
        var resolved = values.NonNull(schema);
        var query = $"{path}?{name}=";
        if (resolved["enum"] is not null || resolved["items"]?["enum"] is not null || values.NonNull(resolved["items"] ?? resolved)["enum"] is not null)
        {
            yield return new FuzzCase("unknown enum", method, query + "not_a_real_value", body, 400, name.TrimEnd('[', ']'));
        }

        if (values.Types(resolved).Contains("integer"))
        {
            yield return new FuzzCase("wrong type", method, query + "abc", body, 400, name);
            if (SchemaValues.Number(resolved["minimum"]) is { } min)
            {
                yield return new FuzzCase("out of range", method, query + (min - 1), body, 400, name);
            }

            if (SchemaValues.Number(resolved["maximum"]) is { } max)
            {
                yield return new FuzzCase("out of range", method, query + (max + 1), body, 400, name);
            }
        }
    }

    /// <summary>Reports one mutated copy of <paramref name="instance"/> per rule that <paramref name="schema"/> states.</summary>
    private static void Mutate(SchemaValues values, JsonObject schema, JsonObject instance, string prefix, int depth, Action<string, JsonObject, string> report)
    {
        var properties = values.Properties(schema);
        var required = values.Required(schema);
        foreach (var (name, propertySchema) in properties)
        {
            var param = prefix + name;
            var resolved = values.NonNull(propertySchema!);
            void With(string kind, JsonNode? value) => report(kind, Set(instance, name, value), param);

            var types = values.Types(propertySchema!);
            foreach (var wrong in new JsonNode?[] { "x", 12345, true, new JsonArray(), new JsonObject() }.Where(v => types.Count > 0 && !types.Contains(TypeOf(v))).Take(2))
            {
                With("wrong type", wrong);
            }

            if (!values.Nullable(propertySchema!))
            {
                With("null", null);
            }

            if (resolved["enum"] is JsonArray)
            {
                With("unknown enum", "not_a_real_value");
            }

            if (SchemaValues.Number(resolved["minimum"]) is { } min)
            {
                With("out of range", types.Contains("number") ? min - 0.5 : min - 1);
            }

            if (SchemaValues.Number(resolved["maximum"]) is { } max)
            {
                With("out of range", types.Contains("number") ? max + 0.5 : max + 1);
            }

            if (SchemaValues.Number(resolved["maxLength"]) is { } maxLength)
            {
                With("over-long string", new string('s', (int)maxLength + 1));
            }

            if (SchemaValues.Number(resolved["minLength"]) is > 0)
            {
                With("out of range", "");
            }

            if (SchemaValues.Number(resolved["maxItems"]) is { } maxItems && resolved["items"] is { } itemSchema)
            {
                With("too many items", new JsonArray(Enumerable.Range(0, (int)maxItems + 1).Select(_ => values.Sample(itemSchema)).ToArray()));
            }

            if (SchemaValues.Number(resolved["minItems"]) is > 0)
            {
                With("too few items", new JsonArray());
            }

            if (SchemaValues.Number(resolved["maxProperties"]) is { } maxProperties)
            {
                With("too many properties", new JsonObject(Enumerable.Range(0, (int)maxProperties + 1).Select(i => KeyValuePair.Create<string, JsonNode?>($"k{i}", "v"))));
            }

            if (depth >= 3)
            {
                continue;
            }

            // Nested objects, dictionary values and array items: mutate inside a valid value of the field.
            if (types.Contains("object") && values.Properties(resolved).Count > 0)
            {
                var inner = values.Sample(resolved)!.AsObject();
                Mutate(values, resolved, inner, param + ".", depth + 1, (kind, mutated, innerParam) => report(kind, Set(instance, name, mutated), innerParam));
            }
            else if (resolved["additionalProperties"] is JsonObject valueSchema && values.NonNull(valueSchema)["maxLength"] is { } valueMax)
            {
                With("over-long string", new JsonObject { ["k"] = new string('v', (int)SchemaValues.Number(valueMax)!.Value + 1) });
            }
            else if (types.Contains("array") && resolved["items"] is { } items && values.Types(items).Contains("object"))
            {
                var branch = ObjectBranch(values, items);
                if (branch is not null && values.Sample(branch) is JsonObject item)
                {
                    Mutate(values, branch, item, param + "[0].", depth + 1, (kind, mutated, innerParam) => report(kind, Set(instance, name, new JsonArray(mutated)), innerParam));
                }
            }
        }

        foreach (var name in required.Where(instance.ContainsKey))
        {
            var without = instance.DeepClone().AsObject();
            without.Remove(name);
            report("missing required", without, prefix + name);
        }

        report("unknown field", Set(instance, "not_a_real_field", 1), prefix + "not_a_real_field");
    }

    // Bodies that are not the object the operation takes.
    private static IEnumerable<FuzzCase> Shapes(string method, string path, string body)
    {
        foreach (var shape in new[] { "[1]", "\"text\"", "42", body[..^1], "{\"a\":" + new string('[', 5000) })
        {
            yield return new FuzzCase("not an object", method, path, shape, 400, null);
        }

        // Past System.Text.Json's limit of 64 levels; too deep for JsonNode to build, so spliced in as text.
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);
        yield return new FuzzCase("deep nesting", method, path, $"{body[..^1]}{(body == "{}" ? "" : ",")}\"metadata\":{deep}}}", 400, null);
    }

    // A nested sample holds only what the reference requires, and Spindle may ask for more first (an attachment's
    // file_id), so a nested mutation pins only the top-level field the error names: "tools*" for "tools[0].type".
    private static string Pinned(string param) =>
        param.IndexOfAny(['.', '[']) is var end and > 0 ? param[..end] + "*" : param;

    private static JsonObject? ObjectBranch(SchemaValues values, JsonNode items)
    {
        var resolved = values.NonNull(items);
        return values.Properties(resolved).Count > 0 ? resolved
            : (resolved["oneOf"] ?? resolved["anyOf"]) is JsonArray branches
                ? branches.Select(b => values.NonNull(b!)).FirstOrDefault(b => values.Properties(b).Count > 0)
                : null;
    }

    private static JsonObject Set(JsonObject instance, string name, JsonNode? value)
    {
        var copy = instance.DeepClone().AsObject();
        copy[name] = value?.DeepClone();
        return copy;
    }

    private static string TypeOf(JsonNode? value) => value switch
    {
        JsonArray => "array",
        JsonObject => "object",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        JsonValue v when v.TryGetValue<bool>(out _) => "boolean",
        _ => "integer",
    };

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex PathParameter();
}
