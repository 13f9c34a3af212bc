using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Spindle.Server.Tests.Cluster;

namespace Spindle.Server.Tests.Hosting;

/// <summary>
/// The <c>spindle</c> executable, started with a setting it cannot start with: it says why in one line on standard
/// error and exits with 1, where it used to end on an unhandled exception (SIGABRT, exit 134) with its stack trace.
/// </summary>
public sealed class StartFailureTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("spindle-start-failure-");

    [Fact]
    public async Task PostgreSQL_without_a_connection_string_is_named_and_the_process_exits_with_1()
    {
        var result = await StartAsync(FreePort(), "--Spindle:Storage:Provider=postgres");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "Spindle could not start: Spindle:Storage:ConnectionString is required when Spindle:Storage:Provider is 'postgres' " +
            "(environment variable Spindle__Storage__ConnectionString).",
            result.Stderr.Trim());
        Assert.DoesNotContain("Unhandled exception", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_that_refuses_the_connection_is_named_with_the_reason()
    {
        var port = FreePort();
        var result = await StartAsync(
            FreePort(), "--Spindle:Storage:Provider=postgres", $"--Spindle:Storage:ConnectionString=Host=127.0.0.1;Port={port};Username=spindle;Password=x");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Spindle could not start: Failed to connect to 127.0.0.1:{port}: Connection refused.", result.Stderr.Trim());
    }

    [Fact]
    public async Task A_port_in_use_is_named_once()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await StartAsync(port);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Spindle could not start: Failed to bind to address http://127.0.0.1:{port}: address already in use.", result.Stderr.Trim());
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_is_named()
    {
        var file = Path.Combine(_data.FullName, "a-file");
        await File.WriteAllTextAsync(file, "", TestContext.Current.CancellationToken);
        var directory = Path.Combine(file, "data");

        var result = await StartAsync(FreePort(), $"--Spindle:Storage:DataDirectory={directory}");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"Spindle could not start: Spindle:Storage:DataDirectory '{directory}' could not be created: Could not find a part of the path '{directory}'.",
            result.Stderr.Trim());
    }

    [Fact]
    public async Task A_SQLite_file_that_cannot_be_opened_is_named()
    {
        var path = Path.Combine(_data.FullName, "spindle.db");
        Directory.CreateDirectory(path);

        var result = await StartAsync(FreePort());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"Spindle could not start: The SQLite database '{path}' could not be opened: SQLite Error 14: 'unable to open database file'.",
            result.Stderr.Trim());
    }

    public void Dispose() => _data.Delete(recursive: true);

    private async Task<(int ExitCode, string Stdout, string Stderr)> StartAsync(int port, params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _data.FullName,
        };
        foreach (var argument in (string[])["exec", SpindleNode.ServerDll, $"--urls=http://127.0.0.1:{port}", $"--Spindle:Storage:DataDirectory={_data.FullName}", .. settings])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"spindle did not exit within 60 s:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
