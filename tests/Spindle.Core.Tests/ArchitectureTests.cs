using Spindle.Core.Runs.Execution;

namespace Spindle.Core.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void Core_references_no_web_database_or_vendor_assembly()
    {
        string[] banned = ["Microsoft.AspNetCore", "Npgsql", "Microsoft.Data.Sqlite", "OpenAI", "OpenTelemetry", "Spindle.Storage", "Spindle.Providers", "spindle"];
        var references = typeof(RunExecutor).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("Microsoft.ML.Tokenizers", references);
        Assert.DoesNotContain(references, r => banned.Any(b => r.StartsWith(b, StringComparison.Ordinal)));
    }
}
