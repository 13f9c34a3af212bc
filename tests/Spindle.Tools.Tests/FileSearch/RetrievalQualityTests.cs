using System.Text;
using System.Text.RegularExpressions;
using Spindle.Core.Retrieval;
using Spindle.Tools.FileSearch.Chunking;
using Spindle.Tools.FileSearch.Ranking;
using Spindle.Tools.Tests.FileSearch.Corpus;

namespace Spindle.Tools.Tests.FileSearch;

/// <summary>
/// Ranking quality on <see cref="LabelledCorpus"/>: each document (130–190 words) is chunked, embedded with
/// <see cref="TestEmbeddings"/>, and a question of <see cref="CorpusQuestions"/> is right when the top hit is the labelled
/// document's chunk containing the answer phrase. At OpenAI's default 800/400 every document is one chunk; at the
/// smallest allowed size, 100/50, documents split into two to four overlapping chunks and the right one must win.
/// </summary>
public sealed partial class RetrievalQualityTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<IndexedChunk>> DefaultChunks = new(() => BuildChunks(new ChunkingOptions()));
    private static readonly Lazy<IReadOnlyList<IndexedChunk>> SmallChunks = new(() => BuildChunks(new ChunkingOptions(100, 50)));

    [Fact]
    public void Every_answer_phrase_is_in_its_labelled_document()
    {
        var documents = LabelledCorpus.Documents.ToDictionary(static d => d.Id, static d => Normalize(d.Text));

        Assert.All(CorpusQuestions.All, q => Assert.Contains(Normalize(q.AnswerPhrase), documents[q.DocumentId], StringComparison.Ordinal));
        Assert.True(CorpusQuestions.All.Count >= 30);
        Assert.Equal(LabelledCorpus.Documents.Count, LabelledCorpus.Documents.Select(static d => d.Id).Distinct().Count());
    }

    [Fact]
    public void Hybrid_ranks_the_answer_chunk_first_for_at_least_ninety_percent_of_questions()
    {
        var hybrid = Evaluate(new SearchIndexFactory().Build(DefaultChunks.Value), RankingMode.Hybrid);

        output.WriteLine($"{LabelledCorpus.Documents.Count} documents, {CorpusQuestions.All.Count} questions ({CorpusQuestions.All.Count(static q => q.Paraphrased)} paraphrased)");
        ReportAll("800/400", DefaultChunks.Value);
        ReportAll("100/50", SmallChunks.Value);

        Assert.True(hybrid.TopOne >= 0.9, $"Hybrid top-1 accuracy {hybrid.TopOne:P1} is below 90%.");
    }

    [Fact]
    public void Hybrid_beats_each_signal_alone_when_documents_span_several_chunks()
    {
        var index = new SearchIndexFactory().Build(SmallChunks.Value);

        var hybrid = Evaluate(index, RankingMode.Hybrid);

        Assert.True(hybrid.Mrr > Evaluate(index, RankingMode.Keyword).Mrr);
        Assert.True(hybrid.Mrr > Evaluate(index, RankingMode.Vector).Mrr);
    }

    [Fact]
    public void The_default_fusion_is_at_least_as_good_as_reciprocal_rank_fusion()
    {
        foreach (var chunks in new[] { DefaultChunks.Value, SmallChunks.Value })
        {
            var blend = Evaluate(new SearchIndexFactory().Build(chunks), RankingMode.Hybrid);
            var rrf = Evaluate(new SearchIndexFactory(FusionMethod.ReciprocalRank).Build(chunks), RankingMode.Hybrid);

            Assert.True(blend.TopOne >= rrf.TopOne, $"score blend {blend.TopOne:P1} < RRF {rrf.TopOne:P1}");
            Assert.True(blend.Mrr >= rrf.Mrr, $"score blend MRR {blend.Mrr:F3} < RRF {rrf.Mrr:F3}");
        }
    }

    private void ReportAll(string chunking, IReadOnlyList<IndexedChunk> chunks)
    {
        var index = new SearchIndexFactory().Build(chunks);
        var hybrid = Evaluate(index, RankingMode.Hybrid);
        output.WriteLine($"chunking {chunking}: {chunks.Count} chunks");
        output.WriteLine($"  {"mode",-22} {"top-1",7} {"MRR@10",7} {"top-1 paraphrased",18}");
        Report("Keyword (BM25)", Evaluate(index, RankingMode.Keyword));
        Report("Vector (hashed)", Evaluate(index, RankingMode.Vector));
        Report("Hybrid (score blend)", hybrid);
        Report("Hybrid (RRF k=60)", Evaluate(new SearchIndexFactory(FusionMethod.ReciprocalRank).Build(chunks), RankingMode.Hybrid));
        foreach (var miss in hybrid.Misses)
            output.WriteLine($"  hybrid miss: {miss}");
    }

    private void Report(string mode, Evaluation e) =>
        output.WriteLine($"  {mode,-22} {e.TopOne,7:P1} {e.Mrr,7:F3} {e.TopOneParaphrased,18:P1}");

    private static Evaluation Evaluate(ISearchIndex index, RankingMode mode)
    {
        double top = 0, reciprocal = 0, topParaphrased = 0;
        var misses = new List<string>();
        foreach (var question in CorpusQuestions.All)
        {
            var hits = index.Search(question.Question, TestEmbeddings.Embed(question.Question), new SearchOptions(10, 0, mode));
            var rank = 1 + hits.ToList().FindIndex(h => IsAnswer(h.Chunk, question));
            if (rank == 1)
            {
                top++;
                topParaphrased += question.Paraphrased ? 1 : 0;
            }
            else
            {
                misses.Add($"{question.Question} → {(hits.Count > 0 ? hits[0].Chunk.FileId : "nothing")} (answer at rank {(rank == 0 ? "> 10" : rank)})");
            }

            reciprocal += rank == 0 ? 0 : 1.0 / rank;
        }

        var count = CorpusQuestions.All.Count;
        var paraphrased = CorpusQuestions.All.Count(static q => q.Paraphrased);
        return new Evaluation(top / count, reciprocal / count, topParaphrased / paraphrased, misses);
    }

    private static bool IsAnswer(IndexedChunk chunk, CorpusQuestion question) =>
        chunk.FileId == question.DocumentId && Normalize(chunk.Text).Contains(Normalize(question.AnswerPhrase), StringComparison.Ordinal);

    private static IReadOnlyList<IndexedChunk> BuildChunks(ChunkingOptions options)
    {
        var chunker = new DocumentChunker();
        var chunks = new List<IndexedChunk>();
        foreach (var document in LabelledCorpus.Documents)
        {
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(document.Text));
            var pieces = chunker.ChunkAsync($"{document.Id}.txt", content, options, CancellationToken.None).GetAwaiter().GetResult();
            chunks.AddRange(pieces.Select(p => new IndexedChunk(document.Id, $"{document.Id}.txt", p.Index, p.Text, TestEmbeddings.Embed(p.Text))));
        }

        return chunks;
    }

    private static string Normalize(string text) => Whitespace().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed record Evaluation(double TopOne, double Mrr, double TopOneParaphrased, IReadOnlyList<string> Misses);
}
