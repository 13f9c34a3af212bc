using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>A code-interpreter call's outputs, and the non-image files it wrote (linked from the answer).</summary>
public sealed record CodeRunResult(IReadOnlyList<CodeInterpreterOutput> Outputs, IReadOnlyList<OpenAIFile> WrittenFiles);
