using System.Text.Json;
using Spindle.Core.Errors;
using Spindle.Core.Retrieval;
using Spindle.Core.Validation;
using Spindle.Core.Wire;

namespace Spindle.Core.VectorStores;

/// <summary>The vector-store request rules the JSON schema states but System.Text.Json does not check (ASSISTANTS_API.md §3.2, §4).</summary>
internal static class VectorStoreRules
{
    public const int DefaultChunkTokens = 800, DefaultOverlapTokens = 400, MinChunkTokens = 100, MaxChunkTokens = 4096;

    private const int MaxAttributes = 16, MaxAttributeKey = 64, MaxAttributeString = 512;

    private static readonly ChunkingStrategy Auto = Static(DefaultChunkTokens, DefaultOverlapTokens);

    /// <summary>
    /// Resolves a request's strategy to the static one the file is reported with: <c>auto</c> (or none) is 800/400,
    /// as OpenAI reports it (§3.2); <c>static</c> needs 100–4096 tokens and an overlap of at most half of that.
    /// </summary>
    public static ChunkingStrategy Chunking(ChunkingStrategy? strategy, string param = "chunking_strategy")
    {
        switch (strategy?.Type)
        {
            case null when strategy is null:
                return Auto;
            case "auto":
                return strategy.Static is null
                    ? Auto
                    : throw ApiErrors.UnknownParameter($"{param}.static");
            case "static":
                var options = strategy.Static ?? throw ApiErrors.MissingParameter($"{param}.static");
                var size = options.MaxChunkSizeTokens ?? throw ApiErrors.MissingParameter($"{param}.static.max_chunk_size_tokens");
                var overlap = options.ChunkOverlapTokens ?? throw ApiErrors.MissingParameter($"{param}.static.chunk_overlap_tokens");
                if (size is < MinChunkTokens or > MaxChunkTokens)
                {
                    throw ApiErrors.InvalidValue($"{param}.static.max_chunk_size_tokens",
                        $"Invalid '{param}.static.max_chunk_size_tokens': expected an integer between {MinChunkTokens} and {MaxChunkTokens}, got {size}.");
                }

                if (overlap < 0 || overlap > size / 2)
                {
                    throw ApiErrors.InvalidValue($"{param}.static.chunk_overlap_tokens",
                        $"Invalid '{param}.static.chunk_overlap_tokens': must be between 0 and half of max_chunk_size_tokens ({size / 2}), got {overlap}.");
                }

                return Static(size, overlap);
            case null:
                throw ApiErrors.MissingParameter($"{param}.type");
            default:
                throw ApiErrors.InvalidValue($"{param}.type", $"Invalid value: '{strategy.Type}'. Supported values are: 'auto' and 'static'.");
        }
    }

    public static ChunkingOptions Options(ChunkingStrategy strategy) =>
        new(strategy.Static?.MaxChunkSizeTokens ?? DefaultChunkTokens, strategy.Static?.ChunkOverlapTokens ?? DefaultOverlapTokens);

    /// <summary>At most 16 pairs, keys up to 64 characters, values a string (up to 512), a number or a boolean (§1.3).</summary>
    public static IReadOnlyDictionary<string, JsonElement> Attributes(Dictionary<string, JsonElement>? attributes, string param = "attributes")
    {
        if (attributes is null)
        {
            return new Dictionary<string, JsonElement>();
        }

        if (attributes.Count > MaxAttributes)
        {
            throw ApiErrors.InvalidValue(param, $"Invalid '{param}': too many properties. Expected an object with at most {MaxAttributes} properties, but got an object with {attributes.Count} properties instead.");
        }

        foreach (var (key, value) in attributes)
        {
            if (key.Length > MaxAttributeKey)
            {
                throw ApiErrors.InvalidValue(param, $"Invalid '{param}': key '{key}' is longer than {MaxAttributeKey} characters.");
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String when value.GetString()!.Length > MaxAttributeString:
                    throw ApiErrors.InvalidValue($"{param}.{key}", $"Invalid '{param}.{key}': string too long. Expected a string with maximum length {MaxAttributeString}.");
                case JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    break;
                default:
                    throw ApiErrors.InvalidType($"{param}.{key}", "a string, number or boolean");
            }
        }

        return attributes.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    /// <summary><c>{"anchor":"last_active_at","days":1..365}</c>.</summary>
    public static VectorStoreExpiration? ExpiresAfter(VectorStoreExpiration? expiration, string param = "expires_after")
    {
        if (expiration is null)
        {
            return null;
        }

        if (expiration.Anchor != "last_active_at")
        {
            throw expiration.Anchor is null
                ? ApiErrors.MissingParameter($"{param}.anchor")
                : ApiErrors.InvalidValue($"{param}.anchor", $"Invalid value: '{expiration.Anchor}'. Supported values are: 'last_active_at'.");
        }

        return expiration.Days switch
        {
            null => throw ApiErrors.MissingParameter($"{param}.days"),
            < 1 or > 365 => throw ApiErrors.InvalidValue($"{param}.days", $"Invalid '{param}.days': expected an integer between 1 and 365, got {expiration.Days}."),
            _ => new VectorStoreExpiration { Anchor = "last_active_at", Days = expiration.Days },
        };
    }

    /// <summary>A list of file ids: no empty id, at most <paramref name="max"/>, duplicates dropped (first one kept).</summary>
    public static IReadOnlyList<string> FileIds(List<string>? fileIds, int min, int max, string param)
    {
        if (fileIds is null)
        {
            return [];
        }

        if (fileIds.Count < min || fileIds.Count > max)
        {
            throw ApiErrors.InvalidValue(param, $"Invalid '{param}': expected an array with between {min} and {max} items, but got an array with length {fileIds.Count} instead.");
        }

        Check.IdList(fileIds, param);
        return fileIds.Distinct(StringComparer.Ordinal).ToList();
    }

    private static ChunkingStrategy Static(int size, int overlap) =>
        new() { Type = "static", Static = new StaticChunking { MaxChunkSizeTokens = size, ChunkOverlapTokens = overlap } };
}
