using System.Collections.Concurrent;
using Spindle.Tools.FileSearch.Embedding;

namespace Spindle.Tools.Tests.FileSearch;

/// <summary>
/// The real local embedding model (arctic-embed-xs), loaded once for the whole test assembly, with every text it
/// embeds cached, so each test pays only for texts no other test embedded.
/// </summary>
internal static class LocalModel
{
    public static LocalEmbeddingModel Model { get; } = new(LocalEmbeddingModel.DefaultPath);

    private static readonly ConcurrentDictionary<string, float[]> PassageCache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, float[]> Queries = new(StringComparer.Ordinal);

    public static float[] Passage(string text) => PassageCache.GetOrAdd(text, static t => Model.EmbedAsync([t], null, CancellationToken.None).GetAwaiter().GetResult()[0]);

    public static IReadOnlyList<float[]> Passages(IReadOnlyList<string> texts)
    {
        var missing = texts.Where(t => !PassageCache.ContainsKey(t)).Distinct().ToList();
        var vectors = Model.EmbedAsync(missing, null, CancellationToken.None).GetAwaiter().GetResult();
        for (var i = 0; i < missing.Count; i++)
            PassageCache[missing[i]] = vectors[i];
        return [.. texts.Select(t => PassageCache[t])];
    }

    public static float[] Query(string text) => Queries.GetOrAdd(text, static t => Model.EmbedQueryAsync(t, null, CancellationToken.None).GetAwaiter().GetResult());
}
