using Microsoft.Extensions.Options;

namespace Spindle.Tools.CodeInterpreter;

/// <summary>Stops start-up on a sandbox configuration out of range, naming the configuration key.</summary>
[OptionsValidator]
internal sealed partial class CodeInterpreterOptionsValidator : IValidateOptions<CodeInterpreterOptions>;
