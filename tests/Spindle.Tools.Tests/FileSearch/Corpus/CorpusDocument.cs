namespace Spindle.Tools.Tests.FileSearch.Corpus;

/// <summary>One document of the labelled retrieval corpus.</summary>
internal sealed record CorpusDocument(string Id, string Text);
