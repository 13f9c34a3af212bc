using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using Spindle.Testing;

namespace Spindle.Playground.Tests;

/// <summary>
/// A real Spindle (with the fake upstream) serving the built playground, and Debian's Chromium driven by Playwright.
/// Every test gets a fresh browser context (empty localStorage) with tenant A's key already entered.
/// </summary>
public sealed class PlaygroundFixture : SpindleFixture
{
    private const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/install-deps.sh installs Debian's chromium package");
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        // Playwright gives every launch a fresh, empty --user-data-dir of its own; the flags keep Chromium off the network.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Assertions.SetDefaultExpectTimeout(20_000);
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>A new page on <paramref name="view"/> (<c>chat</c>, <c>assistants</c>, <c>files</c>); <paramref name="key"/> null leaves the key to be typed.</summary>
    public async Task<IPage> OpenAsync(string view, string? key = KeyA)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        if (key is not null)
        {
            await context.AddInitScriptAsync($"localStorage.getItem('spindle.apiKey') ?? localStorage.setItem('spindle.apiKey', '{key}')");
        }

        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(new Uri(BaseUrl, "#" + view).ToString());
        return page;
    }

    public async Task<string> UploadAsync(string filename, string text, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent { { new StringContent("assistants"), "purpose" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", filename);
        using var response = await Http.PostAsync("v1/files", form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        return new Reply(response.StatusCode, body, new Dictionary<string, string>()).Id;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}
