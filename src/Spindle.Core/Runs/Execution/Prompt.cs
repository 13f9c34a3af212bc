using Spindle.Core.Upstream;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>The messages for one model turn and their estimated size, and the run's steps they were built from.</summary>
/// <param name="Fits">False when even the smallest prompt exceeds <c>max_prompt_tokens</c>.</param>
public sealed record Prompt(IReadOnlyList<ModelMessage> Messages, int Tokens, bool Fits, IReadOnlyList<RunStep> Steps);
