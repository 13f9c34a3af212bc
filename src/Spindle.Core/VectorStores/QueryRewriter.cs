using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spindle.Core.Upstream;

namespace Spindle.Core.VectorStores;

/// <summary>
/// <c>rewrite_query: true</c> on <c>POST /vector_stores/{id}/search</c>: asks <see cref="VectorStoreOptions.QueryRewriteModel"/>
/// to turn the user's question into a search query, as OpenAI does; the search response's <c>search_query</c> shows
/// the rewritten query. In a run, the run's model already writes file_search's query, so runs have no separate step.
/// </summary>
/// <remarks>Thread-safe. When the model fails or answers nothing, the query is searched as given (and logged).</remarks>
public sealed partial class QueryRewriter(IModelClient model, IOptions<VectorStoreOptions> options, ILogger<QueryRewriter> logger)
{
    internal const string Instructions =
        "Rewrite the user's question as a short search query for a keyword and semantic search over their files. "
        + "Keep names, identifiers, codes and numbers exactly as written; drop filler words. "
        + "Answer with the query alone, on one line, without quotes.";

    public async Task<string> RewriteAsync(string query, string? apiKey, CancellationToken cancellationToken)
    {
        var request = new ModelRequest(options.Value.QueryRewriteModel, [new ModelMessage.System(Instructions), new ModelMessage.User(query, [])])
        {
            Temperature = 0,
            MaxCompletionTokens = 64,
            ApiKey = apiKey,
        };
        var text = new StringBuilder();
        try
        {
            await foreach (var update in model.StreamAsync(request, cancellationToken))
            {
                if (update is ModelUpdate.TextDelta delta)
                {
                    text.Append(delta.Text);
                }
            }
        }
        catch (ModelException e)
        {
            Log.RewriteFailed(logger, e.Code, e);
            return query;
        }

        var rewritten = text.ToString().Trim().Trim('"').Trim();
        return rewritten.Length == 0 ? query : rewritten.ReplaceLineEndings(" ");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.QueryRewriteFailed, Level = LogLevel.Warning, Message = "The search query could not be rewritten ({Code}); searching it as given")]
        public static partial void RewriteFailed(ILogger logger, string code, Exception exception);
    }
}
