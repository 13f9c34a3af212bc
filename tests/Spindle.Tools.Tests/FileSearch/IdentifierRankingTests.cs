using Spindle.Core.Retrieval;
using Spindle.Tools.FileSearch.Embedding;
using Spindle.Tools.FileSearch.Ranking;

namespace Spindle.Tools.Tests.FileSearch;

/// <summary>
/// Exact identifiers, codes and numbers with the real local model: the texts differ only in their code and one clause,
/// which the embedding barely tells apart, so the keyword side has to pick the chunk that holds the code.
/// </summary>
public sealed class IdentifierRankingTests(ITestOutputHelper output)
{
    private static readonly string[] Catalogue =
    [
        "Error E4012: the upload was rejected because the file exceeds the size limit of the workspace.",
        "Error E4021: the upload was rejected because the file type is not on the allowed list.",
        "Error E4102: the upload was rejected because the storage quota of the workspace is full.",
        "Error E4120: the upload was rejected because the request took longer than the time limit.",
        "Error E4201: the upload was rejected because the checksum of the file did not match.",
        "Part 40-1187-B is the left hinge bracket, sold in packs of four, for cabinet model K-200.",
        "Part 40-1178-B is the right hinge bracket, sold in packs of four, for cabinet model K-200.",
        "Part 41-1187-A is the shelf pin, sold in packs of twenty, for cabinet model K-210.",
        "Invoice INV-2024-00931 was paid on 3 March by bank transfer from the Lyon office.",
        "Invoice INV-2024-00913 was paid on 30 March by card from the Lille office.",
    ];

    [Theory]
    [InlineData("What does E4021 mean?", 1)]
    [InlineData("error E4120", 3)]
    [InlineData("Which part is 40-1178-B?", 6)]
    [InlineData("41-1187-A", 7)]
    [InlineData("When was INV-2024-00913 paid?", 9)]
    [InlineData("How was invoice INV-2024-00931 settled?", 8)]
    public void Hybrid_ranks_the_chunk_holding_an_exact_code_first(string query, int expected)
    {
        var vectors = LocalModel.Passages(Catalogue);
        var index = new SearchIndexFactory().Build(
            [.. Catalogue.Select((text, i) => new IndexedChunk($"file-{i}", "catalogue.txt", i, text, vectors[i], LocalEmbeddingModel.Name))]);

        var hits = index.Search(query, LocalModel.Query(query), new SearchOptions(3));
        var vectorOnly = index.Search(query, LocalModel.Query(query), new SearchOptions(3, Mode: RankingMode.Vector));
        output.WriteLine($"hybrid {string.Join(", ", hits.Select(h => $"{h.Chunk.Index}:{h.Score:F3}"))}; vector {string.Join(", ", vectorOnly.Select(h => $"{h.Chunk.Index}:{h.Score:F3}"))}");

        Assert.Equal(expected, hits[0].Chunk.Index);
    }
}
