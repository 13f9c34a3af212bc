using System.Text.Json;
using Spindle.Core.Errors;

namespace Spindle.Core.VectorStores;

/// <summary>
/// A search request's <c>filters</c> over vector-store file <c>attributes</c>: <c>ComparisonFilter</c>
/// (<c>eq ne gt gte lt lte in nin</c>, key, value) or <c>CompoundFilter</c> (<c>and</c>/<c>or</c> over filters), recursively.
/// A file without the key matches only <c>ne</c> and <c>nin</c>. Numbers compare as numbers, strings ordinally.
/// </summary>
internal sealed class AttributeFilter
{
    private readonly Func<IReadOnlyDictionary<string, JsonElement>, bool> _matches;

    private AttributeFilter(Func<IReadOnlyDictionary<string, JsonElement>, bool> matches) => _matches = matches;

    public bool Matches(IReadOnlyDictionary<string, JsonElement> attributes) => _matches(attributes);

    public static AttributeFilter Parse(JsonElement filter, string param = "filters")
    {
        if (filter.ValueKind != JsonValueKind.Object)
        {
            throw ApiErrors.InvalidType(param, "an object");
        }

        var type = filter.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()!
            : throw ApiErrors.MissingParameter($"{param}.type");
        if (type is "and" or "or")
        {
            if (!filter.TryGetProperty("filters", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw ApiErrors.MissingParameter($"{param}.filters");
            }

            var parts = list.EnumerateArray().Select((f, i) => Parse(f, $"{param}.filters[{i}]")).ToList();
            return type == "and"
                ? new AttributeFilter(a => parts.All(p => p.Matches(a)))
                : new AttributeFilter(a => parts.Any(p => p.Matches(a)));
        }

        if (type is not ("eq" or "ne" or "gt" or "gte" or "lt" or "lte" or "in" or "nin"))
        {
            throw ApiErrors.InvalidValue($"{param}.type",
                $"Invalid value: '{type}'. Supported values are: 'eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'and' and 'or'.");
        }

        var key = filter.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String
            ? k.GetString()!
            : throw ApiErrors.MissingParameter($"{param}.key");
        if (!filter.TryGetProperty("value", out var v))
        {
            throw ApiErrors.MissingParameter($"{param}.value");
        }

        var value = v.Clone();
        if (type is "in" or "nin" && value.ValueKind != JsonValueKind.Array)
        {
            throw ApiErrors.InvalidType($"{param}.value", "an array");
        }

        return new AttributeFilter(a => a.TryGetValue(key, out var actual) ? Compare(type, actual, value) : type is "ne" or "nin");
    }

    private static bool Compare(string type, JsonElement actual, JsonElement value) => type switch
    {
        "eq" => Order(actual, value) == 0,
        "ne" => Order(actual, value) != 0,
        "gt" => Order(actual, value) > 0,
        "gte" => Order(actual, value) >= 0,
        "lt" => Order(actual, value) is < 0 and not int.MinValue,
        "lte" => Order(actual, value) is <= 0 and not int.MinValue,
        "in" => value.EnumerateArray().Any(item => Order(actual, item) == 0),
        _ => !value.EnumerateArray().Any(item => Order(actual, item) == 0),
    };

    // int.MinValue means "not comparable" (different kinds), which fails every comparison but ne/nin.
    private static int Order(JsonElement a, JsonElement b) => (a.ValueKind, b.ValueKind) switch
    {
        (JsonValueKind.Number, JsonValueKind.Number) => a.GetDouble().CompareTo(b.GetDouble()),
        (JsonValueKind.String, JsonValueKind.String) => Math.Sign(string.CompareOrdinal(a.GetString(), b.GetString())),
        (JsonValueKind.True or JsonValueKind.False, JsonValueKind.True or JsonValueKind.False) => a.GetBoolean() == b.GetBoolean() ? 0 : 1,
        _ => int.MinValue,
    };
}
