using Microsoft.Playwright;

namespace Portal.E2E.Infrastructure;

/// <summary>
/// One headless Debian Chromium for the whole run, driven by Playwright (never <c>playwright install</c>).
/// Without it the tests are skipped, except under <c>CI=true</c>, where a missing browser is a failure.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;
    private string? unavailable;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            unavailable = $"Chromium is not installed at {ChromiumPath}; install it with: apt-get install -y chromium";
            return;
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>The browser, or the end of the calling test: skipped locally, failed under CI.</summary>
    public IBrowser Require()
    {
        if (browser is not null)
        {
            return browser;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(unavailable + " (CI=true: end-to-end tests must run.)");
        }

        Assert.Skip(unavailable!);
        return null!;
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
