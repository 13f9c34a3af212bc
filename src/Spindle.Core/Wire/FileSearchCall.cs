namespace Spindle.Core.Wire;

/// <summary>
/// <c>{"ranking_options":{…},"results":[…]}</c> of a <c>file_search</c> tool call. Results carry their
/// <c>content</c> only when the step is read with <c>include[]=step_details.tool_calls[*].file_search.results[*].content</c>.
/// </summary>
public sealed record FileSearchCall(RankingOptions RankingOptions, IReadOnlyList<FileSearchResult> Results);
