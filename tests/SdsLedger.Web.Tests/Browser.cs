using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SdsLedger.Testing;

namespace SdsLedger.Web.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright, one per test process, launched by its path: Playwright's own browser
/// download is never used. Missing Chromium fails the tests with what to install.
/// </summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly Lazy<Task<IBrowser>> Shared = new(LaunchAsync);

    public static Task<IBrowser> ChromiumAsync() => Shared.Value;

    private static async Task<IBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"The browser tests need Debian's Chromium at {ChromiumPath}: apt-get install -y chromium");
        var playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }
}

/// <summary>
/// One person at one browser: their own cookies, a page, and the checks every page they see gets: axe-core's WCAG 2.2 AA
/// rules with no violation, and a full-page screenshot in TestResults/screenshots/CLASS/ to look at.
/// </summary>
public sealed class Ui : IAsyncDisposable
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
    private readonly IBrowserContext _context;
    private readonly string _folder;
    private int _shots;

    private readonly bool _javaScript;

    private Ui(IBrowserContext context, IPage page, string folder, bool javaScript) =>
        (_context, Page, _folder, _javaScript) = (context, page, folder, javaScript);

    public IPage Page { get; }

    /// <summary>Every page seen, in order: address and title.</summary>
    public List<string> Seen { get; } = [];

    public static async Task<Ui> OpenAsync(WebWorld world, string testName, bool javaScript = true, int width = 1280, float scale = 1)
    {
        var browser = await Browser.ChromiumAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = world.Address.ToString(),
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            DeviceScaleFactor = scale,
            Locale = "en-GB",
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        // Generous: the machine is shared, and the first sign-in at the identity provider starts it up.
        page.SetDefaultTimeout(90_000);
        var folder = Path.Combine(RepositoryRoot.Path, "TestResults", "screenshots", testName);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return new Ui(context, page, folder, javaScript);
    }

    public async Task GoAsync(string path, string name)
    {
        await Page.GotoAsync(path);
        await CheckAsync(name);
    }

    /// <summary>
    /// Checks the page now shown: no accessibility violation, and a screenshot to look at. With JavaScript off, axe (a
    /// script) cannot run dependably in the page, and is left to the same pages' checks with JavaScript on.
    /// </summary>
    public async Task CheckAsync(string name)
    {
        await WaitUntilLoadedAsync();
        Seen.Add($"{Page.Url} {await Page.TitleAsync()}");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_folder, $"{++_shots:00}-{name}.png"), FullPage = true });
        if (!_javaScript) return;
        var results = await Page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        results.Violations.Should().BeEmpty(because: $"{Page.Url} should meet WCAG 2.2 AA, but axe found: {Describe(results.Violations)}");
    }

    public async Task SignInAsync(WebWorld world, string workerCode)
    {
        await Page.GotoAsync(await world.SignInLinkAsync(workerCode));
        await CheckAsync("sign-in-link");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await CheckAsync("signed-in");
    }

    /// <summary>
    /// Waits until the page shown has loaded, asking the page itself. Playwright's own WaitForLoadStateAsync and
    /// WaitForURLAsync check, then subscribe to the event, on a thread other than the one that delivers events, so a
    /// page that loads in between is never seen and the wait runs out (playwright-dotnet issue 3364; it failed a CI run
    /// here). Waiting for a function polls in the page and survives a navigation in flight.
    /// </summary>
    public async Task WaitUntilLoadedAsync() =>
        await Page.WaitForFunctionAsync("() => document.readyState === 'complete'");

    /// <summary>Waits until the browser is at an address that matches, then until that page has loaded.</summary>
    public async Task WaitForAddressAsync(Func<string, bool> matches)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!matches(Page.Url))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The browser stayed at {Page.Url}: it never reached the address expected.");
            await Task.Delay(50);
        }
        await WaitUntilLoadedAsync();
    }

    /// <summary>The page is no wider than the window: nothing scrolls sideways.</summary>
    public async Task<bool> FitsWidthAsync() =>
        await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    /// <summary>Presses a key that submits a form, and waits until the next page has replaced this one.</summary>
    public async Task SubmitWithKeyAsync(string key)
    {
        await Page.EvaluateAsync("() => { window.sdsledgerOldPage = true; }");
        await Page.Keyboard.PressAsync(key);
        await Page.WaitForFunctionAsync("() => window.sdsledgerOldPage !== true && document.readyState === 'complete'");
    }

    public Task<string> MainTextAsync() => Page.Locator("main").InnerTextAsync();

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join("; ", violations.Select(v => $"{v.Id} ({v.Help}): {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}"));
}
