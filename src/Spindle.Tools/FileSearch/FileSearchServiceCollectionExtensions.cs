using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spindle.Core.Retrieval;
using Spindle.Tools.FileSearch.Chunking;
using Spindle.Tools.FileSearch.Embedding;
using Spindle.Tools.FileSearch.Ranking;

namespace Spindle.Tools.FileSearch;

public static class FileSearchServiceCollectionExtensions
{
    /// <summary>
    /// Registers file_search's <see cref="IDocumentChunker"/> (parsing and o200k_base token windows) and
    /// <see cref="ISearchIndexFactory"/> (BM25 + vector hybrid ranking) and the local embedding model
    /// (<c>LocalEmbeddingModel</c>, which loads on its first use, not here) as singletons. The composition root decides
    /// whether the local model or a provider's is the <c>IEmbeddingClient</c>.
    /// </summary>
    public static IServiceCollection AddSpindleFileSearch(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IDocumentChunker, DocumentChunker>();
        services.TryAddSingleton<ISearchIndexFactory, SearchIndexFactory>();
        services.TryAddSingleton(static _ => new LocalEmbeddingModel(LocalEmbeddingModel.DefaultPath));
        return services;
    }
}
