using System.Diagnostics;
using System.Runtime.Versioning;
using Spindle.Testing;

namespace Spindle.Server.Tests.Hosting;

/// <summary>
/// scripts/ensure-sandbox-deps.sh, which the README's start command runs first: installs what the sandbox lacks when
/// it can (root, or passwordless sudo), says what is missing and how to install it when it cannot, and never stops
/// the server from starting. <c>id</c> and <c>sudo</c> are stubs on PATH; the installer is a stub that leaves a mark.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class EnsureSandboxDepsScriptTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("spindle-ensure-sandbox-");

    private string Mark => Path.Combine(_work.FullName, "installed");

    [Fact]
    public async Task A_user_without_root_or_sudo_is_told_the_command_and_nothing_is_installed()
    {
        var result = await RunAsync(uid: 1000, sudo: false, bwrapPresent: false, pythonModules: true);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("code_interpreter needs bubblewrap", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("sudo " + Path.Combine(Repository.Root, "scripts", "install-sandbox-deps.sh"), result.Stderr, StringComparison.Ordinal);
        Assert.Contains("code_interpreter runs will fail", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Mark));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1000, true)]
    public async Task Root_or_passwordless_sudo_runs_the_installer(int uid, bool sudo)
    {
        var result = await RunAsync(uid, sudo, bwrapPresent: true, pythonModules: false);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("python3 modules numpy, pandas, matplotlib", result.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Mark), result.Stderr);
    }

    [Fact]
    public async Task A_failed_install_still_lets_the_server_start_and_says_why()
    {
        var result = await RunAsync(uid: 0, sudo: false, bwrapPresent: false, pythonModules: true, installerFails: true);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("failed", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Starting anyway", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("on", true, true)]
    [InlineData("off", false, false)]
    public async Task Nothing_happens_when_all_is_installed_or_setup_is_off(string setup, bool bwrapPresent, bool pythonModules)
    {
        var result = await RunAsync(uid: 0, sudo: true, bwrapPresent, pythonModules, setup: setup);

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.False(File.Exists(Mark));
    }

    public void Dispose() => _work.Delete(recursive: true);

    private async Task<(int ExitCode, string Stderr)> RunAsync(
        int uid, bool sudo, bool bwrapPresent, bool pythonModules, bool installerFails = false, string setup = "on")
    {
        var ct = TestContext.Current.CancellationToken;
        var bin = _work.CreateSubdirectory("bin").FullName;
        Stub(Path.Combine(bin, "id"), $"echo {uid}");
        Stub(Path.Combine(bin, "sudo"), sudo ? "exit 0" : "exit 1");
        var bwrap = Path.Combine(_work.FullName, "bwrap");
        if (bwrapPresent)
            Stub(bwrap, "exit 0");
        var python = Path.Combine(_work.FullName, "python3");
        Stub(python, pythonModules ? "exit 0" : "exit 1");
        var installer = Path.Combine(_work.FullName, "install");
        Stub(installer, installerFails ? "exit 1" : $"touch '{Mark}'");

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "scripts", "ensure-sandbox-deps.sh"));
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["SPINDLE_BWRAP"] = bwrap;
        start.Environment["SPINDLE_PYTHON"] = python;
        start.Environment["SPINDLE_SANDBOX_INSTALLER"] = installer;
        start.Environment["SPINDLE_SANDBOX_SETUP"] = setup;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        await stdout;
        return (process.ExitCode, await stderr);
    }

    private static void Stub(string path, string body)
    {
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
