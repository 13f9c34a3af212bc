namespace Spindle.Tools.FileSearch.Ranking;

/// <summary>Receives one analysed term; the span is only valid during the call.</summary>
internal delegate void TermAction<TState>(ref TState state, ReadOnlySpan<char> term);
