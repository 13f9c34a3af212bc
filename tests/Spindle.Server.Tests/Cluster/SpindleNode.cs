using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Spindle.Testing;

namespace Spindle.Server.Tests.Cluster;

/// <summary>
/// One Spindle process (the built <c>spindle</c> executable, started with <c>dotnet</c>) on a free loopback port. Its
/// output is kept for failure messages. <see cref="Kill"/> is a SIGKILL: no shutdown code runs.
/// </summary>
internal sealed class SpindleNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SpindleNode(string name, Process process, Uri baseUrl)
    {
        Name = name;
        _process = process;
        BaseUrl = baseUrl;
        Http = Client(SpindleFixture.KeyA);
    }

    public string Name { get; }

    public Uri BaseUrl { get; }

    public Uri ApiUrl => new(BaseUrl, "v1");

    /// <summary>A client for tenant A with the Assistants beta header.</summary>
    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static async Task<SpindleNode> StartAsync(string name, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(ServerDll);
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var node = new SpindleNode(name, process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node.WaitUntilHealthyAsync(cancellationToken);
        return node;
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        client.DefaultRequestHeaders.Add("OpenAI-Beta", "assistants=v2");
        return client;
    }

    public Task<Reply> PostAsync(string path, string json, CancellationToken cancellationToken) => SpindleFixture.SendAsync(Http, HttpMethod.Post, path, json, cancellationToken);

    public Task<Reply> GetAsync(string path, CancellationToken cancellationToken) => SpindleFixture.SendAsync(Http, HttpMethod.Get, path, null, cancellationToken);

    /// <summary>SIGKILL, as a power loss or an OOM kill would end the node.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        await Task.CompletedTask;
    }

    // The server the tests were built with: artifacts/bin/Spindle.Server/<configuration>/spindle.dll.
    internal static string ServerDll =>
        Path.Combine(Repository.Root, "artifacts", "bin", "Spindle.Server", new DirectoryInfo(AppContext.BaseDirectory).Name, "spindle.dll");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
            _output.AppendLine(line);
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Node {Name} exited with {_process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync("healthz", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Node {Name} did not answer /healthz within 60 s:\n{Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
