namespace Spindle.Core.Wire;

public sealed record Usage(int PromptTokens, int CompletionTokens, int TotalTokens)
{
    public static Usage Of(int prompt, int completion) => new(prompt, completion, prompt + completion);

    public Usage Add(Usage other) => Of(PromptTokens + other.PromptTokens, CompletionTokens + other.CompletionTokens);
}
