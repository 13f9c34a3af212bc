namespace Spindle.Tools.Tests.FileSearch.Corpus;

/// <summary>
/// A question whose answer is in document <paramref name="DocumentId"/>, in the chunk that contains
/// <paramref name="AnswerPhrase"/>. <paramref name="Paraphrased"/> marks questions worded to share few keywords with it.
/// </summary>
internal sealed record CorpusQuestion(string Question, string DocumentId, string AnswerPhrase, bool Paraphrased = false);
