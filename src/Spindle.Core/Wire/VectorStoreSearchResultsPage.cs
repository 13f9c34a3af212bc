namespace Spindle.Core.Wire;

/// <summary><c>vector_store.search_results.page</c>: pages by <c>next_page</c>, not by ids (ASSISTANTS_API.md §1.4).</summary>
public sealed record VectorStoreSearchResultsPage(IReadOnlyList<string> SearchQuery, IReadOnlyList<VectorStoreSearchResult> Data)
{
    public string Object => "vector_store.search_results.page";
    public bool HasMore => false;
    public string? NextPage => null;
}
