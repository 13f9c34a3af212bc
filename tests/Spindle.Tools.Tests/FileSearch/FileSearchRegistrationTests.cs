using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spindle.Core.Retrieval;
using Spindle.Tools.FileSearch;

namespace Spindle.Tools.Tests.FileSearch;

public sealed class FileSearchRegistrationTests
{
    [Fact]
    public async Task AddSpindleFileSearch_registers_a_working_chunker_and_index_factory_as_singletons()
    {
        using var provider = new ServiceCollection().AddSpindleFileSearch().BuildServiceProvider();

        var chunker = provider.GetRequiredService<IDocumentChunker>();
        var factory = provider.GetRequiredService<ISearchIndexFactory>();
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("Spindle serves the Assistants API."));
        var chunk = Assert.Single(await chunker.ChunkAsync("a.md", content, new ChunkingOptions(), TestContext.Current.CancellationToken));
        var index = factory.Build([new IndexedChunk("file-1", "a.md", chunk.Index, chunk.Text, null)]);

        Assert.Same(chunker, provider.GetRequiredService<IDocumentChunker>());
        Assert.Same(factory, provider.GetRequiredService<ISearchIndexFactory>());
        Assert.Equal("file-1", Assert.Single(index.Search("assistants", null, new SearchOptions(5))).Chunk.FileId);
    }
}
