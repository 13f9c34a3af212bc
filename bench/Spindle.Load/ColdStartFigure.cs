using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Spindle.Load;

/// <summary>Figure 5: process start to the first 200 from <c>/healthz</c>, Spindle against the bare minimal-API server.</summary>
internal sealed class ColdStartFigure(Settings settings)
{
    public async Task<Figure> RunAsync(CancellationToken ct)
    {
        var published = (Spindle: settings.SpindlePublished ?? throw new ArgumentException("Figure 5 needs --spindle-published."),
            Bare: settings.FakePublished ?? throw new ArgumentException("Figure 5 needs --fake-published."));
        List<double> spindle = [], bare = [], spindleBuilt = [], bareBuilt = [];
        for (var i = 0; i < settings.ColdStarts; i++)
        {
            bare.Add(await ColdStartAsync(published.Bare, ["--mode", "bare"], ct));
            spindle.Add(await SpindleColdStartAsync(published.Spindle, ct));
            bareBuilt.Add(await ColdStartAsync(settings.FakeDll, ["--mode", "bare"], ct));
            spindleBuilt.Add(await SpindleColdStartAsync(settings.SpindleDll, ct));
        }

        List<Row> rows =
        [
            new("published (ReadyToRun), process start to /healthz 200: p50", Stats.Percentile(spindle, 50), Stats.Percentile(bare, 50), "ms", $"{settings.ColdStarts} starts each"),
            new("published (ReadyToRun), process start to /healthz 200: max", spindle.Max(), bare.Max(), "ms"),
            new("built (what `dotnet run` starts, no ReadyToRun), process start to /healthz 200: p50", Stats.Percentile(spindleBuilt, 50),
                Stats.Percentile(bareBuilt, 50), "ms", $"{settings.ColdStarts} starts each"),
        ];
        return new Figure(5, "cold start", "the bare minimal-API server started the same way",
            "`dotnet <dll> --urls http://127.0.0.1:<free port>`, timed from `Process.Start` to the first 200 from `GET /healthz`, " +
            "polled every 5 ms. Each server twice: as `dotnet publish -c Release` left it (ReadyToRun, as a deployment runs it) and " +
            "as `dotnet build -c Release` left it. Spindle with a fresh, empty data directory each time (on SQLite the database " +
            "is created and migrated at each start; on PostgreSQL the first start migrated the shared database, later ones find it current), " +
            "the baseline and Spindle alternating; the process is killed after answering.", rows);
    }

    private async Task<double> SpindleColdStartAsync(string dll, CancellationToken ct)
    {
        var data = Directory.CreateTempSubdirectory("spindle-bench-cold-");
        try
        {
            return await ColdStartAsync(dll, [$"--Spindle:Storage:DataDirectory={data.FullName}", .. settings.StoreArgs,
                $"--Spindle:Providers:fake:BaseUrl={new Uri(settings.Upstream, "/v1")}", "--Spindle:Providers:fake:ApiKey=x",
                "--Spindle:Providers:fake:Default=true"], ct);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static async Task<double> ColdStartAsync(string dll, string[] args, CancellationToken ct)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[dll, "--urls", url, .. args])
            start.ArgumentList.Add(arg);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                try
                {
                    using var response = await http.GetAsync($"{url}/healthz", ct);
                    if (response.IsSuccessStatusCode)
                        return clock.Elapsed.TotalMilliseconds;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    // Listening but not answering yet (a loaded machine): the clock runs on until the first 200.
                }

                if (process.HasExited)
                    throw new InvalidOperationException($"{dll} exited with {process.ExitCode} before answering /healthz.");
                await Task.Delay(5, ct);
            }

            throw new TimeoutException($"{dll} did not answer /healthz within 60 s.");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
