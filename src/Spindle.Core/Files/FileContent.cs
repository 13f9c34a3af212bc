using Spindle.Core.Wire;

namespace Spindle.Core.Files;

/// <summary>A file and an open stream over its bytes; the caller disposes <see cref="Content"/>.</summary>
public sealed record FileContent(OpenAIFile File, Stream Content);
