using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spindle.Core.Retrieval;
using Spindle.Tools.FileSearch.Chunking;
using Spindle.Tools.FileSearch.Ranking;

namespace Spindle.Tools.FileSearch;

public static class FileSearchServiceCollectionExtensions
{
    /// <summary>
    /// Registers file_search's <see cref="IDocumentChunker"/> (parsing and o200k_base token windows) and
    /// <see cref="ISearchIndexFactory"/> (BM25 + vector hybrid ranking) as singletons. Embeddings come from the
    /// provider's <c>IEmbeddingClient</c>, registered elsewhere.
    /// </summary>
    public static IServiceCollection AddSpindleFileSearch(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IDocumentChunker, DocumentChunker>();
        services.TryAddSingleton<ISearchIndexFactory, SearchIndexFactory>();
        return services;
    }
}
