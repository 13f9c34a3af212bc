using Microsoft.ML.Tokenizers;

namespace Spindle.Core.Runs.Execution;

/// <summary>
/// Counts tokens with the o200k_base encoding (gpt-4o's), used for truncation and when an upstream reports no usage.
/// Other models' tokenizers differ; the counts are estimates for them.
/// </summary>
public sealed class TokenCounter
{
    // Chat formatting overhead per message, as OpenAI's cookbook counts it.
    private const int PerMessage = 3;

    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");

    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.CountTokens(text);

    public int CountMessage(string? text) => PerMessage + Count(text);
}
