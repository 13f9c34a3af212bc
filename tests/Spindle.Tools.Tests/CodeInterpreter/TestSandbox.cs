using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Spindle.Core.Tools;
using Spindle.Tools.CodeInterpreter;

namespace Spindle.Tools.Tests.CodeInterpreter;

/// <summary>A real <see cref="BubblewrapSandbox"/> over a throwaway work root, deleted with it.</summary>
[SupportedOSPlatform("linux")]
internal sealed class TestSandbox : IDisposable
{
    public const string Session = "thread_test";

    private TestSandbox(string root, CodeInterpreterOptions options, TimeProvider time)
    {
        Root = root;
        Options = options;
        Sandbox = new BubblewrapSandbox(options, time, NullLogger<BubblewrapSandbox>.Instance);
    }

    /// <summary>The test's own temp directory; the work root is inside it.</summary>
    public string Root { get; }

    public CodeInterpreterOptions Options { get; }

    public BubblewrapSandbox Sandbox { get; }

    public static TestSandbox Create(Action<CodeInterpreterOptions>? configure = null, TimeProvider? time = null)
    {
        var root = Directory.CreateTempSubdirectory("spindle-tools-").FullName;
        // The sandbox uid must be able to reach its session directory through here.
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var options = new CodeInterpreterOptions { WorkRoot = Path.Combine(root, "sandbox") };
        configure?.Invoke(options);
        return new TestSandbox(root, options, time ?? TimeProvider.System);
    }

    public Task<CodeExecution> RunAsync(string code, params SandboxFile[] files) => RunAsync(Session, code, files);

    public Task<CodeExecution> RunAsync(string session, string code, params SandboxFile[] files) =>
        Sandbox.ExecuteAsync(session, code, files, TestContext.Current.CancellationToken);

    public void Dispose()
    {
        Sandbox.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
