using Spindle.Core.Retrieval;
using Spindle.Tools.FileSearch.Ranking;

namespace Spindle.Tools.Tests.FileSearch;

public sealed class RankingTests
{
    private static readonly string[] Texts =
    [
        "The cat sat on the warm mat by the fire.",
        "Dogs chase cats around the garden every morning.",
        "Interest rates rose again, the central bank said.",
        "Indexing documents makes keyword search fast.",
        "The fire brigade rescued a cat from a tall tree.",
    ];

    [Fact]
    public void Keyword_search_ranks_by_bm25_with_stemming_and_ignores_stop_words()
    {
        var index = Build(withEmbeddings: false);

        var hits = index.Search("the indexed document", null, new SearchOptions(5, Mode: RankingMode.Keyword));

        var hit = Assert.Single(hits);
        Assert.Equal(3, hit.Chunk.Index);
    }

    [Fact]
    public void More_matching_terms_rank_higher_and_scores_stay_between_zero_and_one()
    {
        var index = Build(withEmbeddings: false);

        var hits = index.Search("cat fire", null, new SearchOptions(5, Mode: RankingMode.Keyword));

        Assert.Equal([0, 4, 1], hits.Select(static h => h.Chunk.Index));
        Assert.All(hits, static h => Assert.InRange(h.Score, 0.0001, 1));
        Assert.True(hits[0].Score > hits[2].Score);
    }

    [Fact]
    public void Vector_search_ranks_by_cosine_similarity()
    {
        var index = Build(withEmbeddings: true);

        var hits = index.Search("unrelated words", TestEmbeddings.Embed(Texts[2]), new SearchOptions(2, Mode: RankingMode.Vector));

        Assert.Equal(2, hits.Count);
        Assert.Equal(2, hits[0].Chunk.Index);
        Assert.Equal(1.0, hits[0].Score, 5);
    }

    [Fact]
    public void Hybrid_search_without_a_query_vector_ranks_by_keywords()
    {
        var index = Build(withEmbeddings: true);

        var hybrid = index.Search("bank rates", null, new SearchOptions(5));
        var keyword = index.Search("bank rates", null, new SearchOptions(5, Mode: RankingMode.Keyword));

        Assert.Equal(keyword, hybrid);
    }

    [Fact]
    public void A_chunk_without_an_embedding_is_still_found_by_its_keywords()
    {
        IndexedChunk[] chunks =
        [
            new("file-a", "a.txt", 0, "Quarterly revenue grew in Lyon.", TestEmbeddings.Embed("Quarterly revenue grew in Lyon.")),
            new("file-b", "b.txt", 0, "The zebra migration crosses the Mara river.", null),
        ];
        var index = new SearchIndexFactory().Build(chunks);

        var hits = index.Search("zebra migration", TestEmbeddings.Embed("zebra migration"), new SearchOptions(5));

        Assert.Contains(hits, static h => h.Chunk.FileId == "file-b" && h.Score > 0);
    }

    [Fact]
    public void The_threshold_and_the_result_count_apply_to_the_final_scores()
    {
        var index = Build(withEmbeddings: true);
        var query = TestEmbeddings.Embed("cat fire");

        var all = index.Search("cat fire", query, new SearchOptions(50));
        var top2 = index.Search("cat fire", query, new SearchOptions(2));
        var threshold = all[1].Score;
        var above = index.Search("cat fire", query, new SearchOptions(50, ScoreThreshold: threshold));

        Assert.Equal(all.Take(2), top2);
        Assert.Equal(all.TakeWhile(h => h.Score >= threshold), above);
        Assert.All(all, static h => Assert.InRange(h.Score, 0, 1));
        Assert.Equal(all.OrderByDescending(static h => h.Score), all);
    }

    [Fact]
    public void Reciprocal_rank_fusion_scores_a_chunk_first_in_both_lists_as_one()
    {
        var index = new SearchIndexFactory(FusionMethod.ReciprocalRank).Build(Chunks(withEmbeddings: true));

        var hits = index.Search("interest rates central bank", TestEmbeddings.Embed(Texts[2]), new SearchOptions(3));

        Assert.Equal(2, hits[0].Chunk.Index);
        Assert.Equal(1.0, hits[0].Score, 5);
    }

    [Fact]
    public void An_empty_index_and_a_query_without_known_terms_find_nothing()
    {
        var empty = new SearchIndexFactory().Build([]);

        Assert.Equal(0, empty.Count);
        Assert.Empty(empty.Search("anything", null, new SearchOptions(5)));
        Assert.Empty(Build(withEmbeddings: false).Search("the of and", null, new SearchOptions(5)));
        Assert.Empty(Build(withEmbeddings: false).Search("cat", null, new SearchOptions(0)));
    }

    [Fact]
    public void A_query_vector_of_another_dimension_is_rejected()
    {
        var index = Build(withEmbeddings: true);

        Assert.Throws<ArgumentException>(() => index.Search("cat", new float[3], new SearchOptions(5)));
    }

    [Fact]
    public void Top_k_keeps_the_best_scores_in_order_with_ties_in_file_order()
    {
        var top = new TopK(3);
        float[] scores = [0.1f, 0.9f, 0.5f, 0.9f, 0.2f, 0.7f];
        for (var i = 0; i < scores.Length; i++)
            top.Offer(i, scores[i]);

        Assert.Equal([(1, 0.9f), (3, 0.9f), (5, 0.7f)], top.Drain());
    }

    [Fact]
    public void The_analyzer_lower_cases_splits_drops_stop_words_and_stems()
    {
        Assert.Equal(["index", "index", "index", "query", "c3po", "s", "café"], TextAnalyzer.Terms("The INDEXES, indexed & indexing of queries: C3PO's café!"));
    }

    [Fact]
    public void Ten_thousand_chunks_answer_every_mode()
    {
        var chunks = Enumerable.Range(0, 10_000)
            .Select(static i => new IndexedChunk($"file-{i % 97}", "f.txt", i, SampleText.Paragraphs(60, seed: i), TestEmbeddings.Embed($"chunk {i}")))
            .ToList();
        var index = new SearchIndexFactory().Build(chunks);

        foreach (var mode in Enum.GetValues<RankingMode>())
            Assert.Equal(20, index.Search("copper harbour lantern", TestEmbeddings.Embed("copper harbour"), new SearchOptions(20, Mode: mode)).Count);
    }

    private static ISearchIndex Build(bool withEmbeddings) => new SearchIndexFactory().Build(Chunks(withEmbeddings));

    private static IndexedChunk[] Chunks(bool withEmbeddings) =>
        [.. Texts.Select((text, i) => new IndexedChunk($"file-{i}", $"{i}.txt", i, text, withEmbeddings ? TestEmbeddings.Embed(text) : null))];
}
