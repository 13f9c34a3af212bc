using System.ComponentModel.DataAnnotations;

namespace Spindle.Core.VectorStores;

/// <summary>How vector-store files are ingested (<c>Spindle:VectorStores</c>).</summary>
public sealed class VectorStoreOptions
{
    public const string Section = "Spindle:VectorStores";

    /// <summary>Files parsed, chunked and embedded at the same time on this node.</summary>
    [Range(1, 256)]
    public int MaxConcurrentIngestions { get; set; } = 4;

    /// <summary>
    /// Whether file search embeds with the local model (arctic-embed-xs, in-process) when no provider has an
    /// embedding model. Off, such files are searched by keywords alone.
    /// </summary>
    public bool LocalEmbeddingModel { get; set; } = true;

    /// <summary>The model that rewrites search queries for <c>rewrite_query: true</c> (routed like an assistant's model).</summary>
    [Required]
    public string QueryRewriteModel { get; set; } = "gpt-4o-mini";

    /// <summary>Chunks sent in one <c>/embeddings</c> request.</summary>
    [Range(1, 2048)]
    public int EmbeddingBatchSize { get; set; } = 64;

    /// <summary>The <c>openai-poll-after-ms</c> the SDK pollers (<c>createAndPoll</c>, <c>uploadAndPoll</c>) are told.</summary>
    [Range(10, 10_000)]
    public int PollAfterMilliseconds { get; set; } = 100;

    /// <summary>Search indexes kept in memory, one per set of vector stores searched together.</summary>
    [Range(1, 100_000)]
    public int MaxCachedIndexes { get; set; } = 256;
}
