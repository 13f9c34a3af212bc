using Microsoft.ML.Tokenizers;

namespace Spindle.Core.Runs.Execution;

/// <summary>
/// Counts tokens with the o200k_base encoding (gpt-4o's), used for truncation and when an upstream reports no usage.
/// Other models' tokenizers differ; the counts are estimates for them. The encoding's vocabulary takes a few hundred
/// milliseconds of CPU to load, so it loads on the first count, not when the server starts.
/// </summary>
public sealed class TokenCounter
{
    // Chat formatting overhead per message, as OpenAI's cookbook counts it.
    private const int PerMessage = 3;

    private readonly Lazy<Tokenizer> _tokenizer = new(static () => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.Value.CountTokens(text);

    public int CountMessage(string? text) => PerMessage + Count(text);
}
