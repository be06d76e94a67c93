using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace SdsLedger.Tests.Documents;

/// <summary>
/// The machine's Chromium (Debian's <c>/usr/bin/chromium</c>, or the one <c>CHROMIUM</c> names), driven by Playwright:
/// Playwright's own browser download cannot work here, so it is launched by its path.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly string[] Switches =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static async Task<HeadlessChromium> StartAsync()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(path))
            throw new InvalidOperationException($"No Chromium at {path}: install it (apt-get install chromium) or set CHROMIUM to its path.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = path, Headless = true, Args = Switches });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>Shows the HTML as a page (no network: the file must stand alone) and runs axe-core on it.</summary>
    public async Task<(AxeResult Axe, IPage Page)> OpenAndCheckAsync(string html)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { JavaScriptEnabled = true });
        await page.RouteAsync("**/*", route => route.AbortAsync());
        await page.SetContentAsync(html);
        return (await page.RunAxe(), page);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
