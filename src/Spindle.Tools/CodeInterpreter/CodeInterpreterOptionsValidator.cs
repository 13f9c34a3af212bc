using System.Globalization;
using Microsoft.Extensions.Options;

namespace Spindle.Tools.CodeInterpreter;

/// <summary>Stops start-up on a sandbox configuration out of range, naming the configuration key.</summary>
/// <remarks>
/// Hand-written rather than <c>[OptionsValidator]</c>: the generated one replaces a <c>[Range]</c>'s message with its
/// own, which names the C# property instead of the configuration key.
/// </remarks>
internal sealed class CodeInterpreterOptionsValidator : IValidateOptions<CodeInterpreterOptions>
{
    private const string Section = CodeInterpreterOptions.Section;

    public ValidateOptionsResult Validate(string? name, CodeInterpreterOptions options)
    {
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.WorkRoot))
            failures.Add($"{Section}:WorkRoot must not be empty.");
        if (string.IsNullOrWhiteSpace(options.BubblewrapPath) || !Path.IsPathFullyQualified(options.BubblewrapPath))
            failures.Add($"{Section}:BubblewrapPath must be an absolute path; got '{options.BubblewrapPath}'.");
        Range(failures, "TimeoutSeconds", options.TimeoutSeconds, 1, 3600);
        Range(failures, "CpuSeconds", options.CpuSeconds, 1, 3600);
        Range(failures, "MemoryMegabytes", options.MemoryMegabytes, 256, 65536);
        Range(failures, "MaxProcesses", options.MaxProcesses, 8, 4096);
        Range(failures, "MaxFileMegabytes", options.MaxFileMegabytes, 1, 65536);
        Range(failures, "MaxOutputBytes", options.MaxOutputBytes, 1024, 16 * 1024 * 1024);
        Range(failures, "IdleMinutes", options.IdleMinutes, 1, 7 * 24 * 60);
        // Root (0) is exactly the uid whose process limit the kernel does not enforce.
        Range(failures, "SandboxUid", options.SandboxUid, 1, int.MaxValue);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:{key} must be between {min} and {max}; got {value}."));
        }
    }
}
