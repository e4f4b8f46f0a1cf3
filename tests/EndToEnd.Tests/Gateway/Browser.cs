using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.Gateway;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser): headless, no sandbox (tests
/// may run as root), nothing in the background. Pages open phone-sized in a visitor's locale and
/// time zone. Screenshots go to <c>tests/EndToEnd.Tests/TestResults/screenshots</c> (or
/// <c>CONFERENCE_SCREENSHOTS</c>) as test artifacts.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    public static async Task<Browser> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (./scripts/test installs it)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>A fresh visitor (own cookies) on a 390×844 screen.</summary>
    public async Task<IPage> VisitorAsync(Uri gateway, string locale, string timeZone)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = gateway.ToString(),
            Locale = locale,
            TimezoneId = timeZone,
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot as <c>{name}.png</c>; its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotDirectory(), name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private static string ScreenshotDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("CONFERENCE_SCREENSHOTS");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.CreateDirectory(configured).FullName;
        }
        // bin/<configuration>/<framework>/ → the test project's own TestResults folder.
        var project = new DirectoryInfo(AppContext.BaseDirectory);
        while (project is not null && !File.Exists(Path.Combine(project.FullName, "EndToEnd.Tests.csproj")))
        {
            project = project.Parent;
        }
        return Directory.CreateDirectory(Path.Combine(project?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;
    }
}
