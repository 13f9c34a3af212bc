using Spindle.Core.Upstream;

namespace Spindle.Core.Runs.Execution;

/// <summary>The messages for one model turn and their estimated size.</summary>
/// <param name="Fits">False when even the smallest prompt exceeds <c>max_prompt_tokens</c>.</param>
public sealed record Prompt(IReadOnlyList<ModelMessage> Messages, int Tokens, bool Fits);
