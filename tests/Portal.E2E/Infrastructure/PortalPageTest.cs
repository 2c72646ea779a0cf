using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OtpNet;
using Portal.Web.Features.Setup;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Infrastructure;

/// <summary>
/// A browser tab on a fresh portal. Every page the test lands on must be checked with
/// <see cref="CheckAccessibilityAsync"/> (a passing test that skipped one fails); a failing test leaves a screenshot.
/// </summary>
public abstract class PortalPageTest(PortalAppFixture app, BrowserFixture browsers) : IAsyncLifetime
{
    // Endpoints that only redirect: the interactive router shows them in the address bar for a moment before it
    // hands the link to the server, but no page is ever displayed there.
    private static readonly HashSet<string> RedirectOnlyPaths = new(StringComparer.OrdinalIgnoreCase) { "/culture/set" };

    private readonly List<string> visitedPages = [];
    private readonly List<string> policyViolations = [];
    private readonly HashSet<string> checkedPages = new(StringComparer.OrdinalIgnoreCase);
    private IBrowserContext? context;

    static PortalPageTest()
    {
        // The machine is small and shared; give slow renders room without hiding real failures.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    protected PortalAppFixture App => app;

    protected IPage Page { get; private set; } = null!;

    /// <summary>The app bar (a &lt;header&gt;, so the banner landmark).</summary>
    protected ILocator AppBar => Page.GetByRole(AriaRole.Banner);

    public async ValueTask InitializeAsync()
    {
        var browser = browsers.Require();
        context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl.ToString(),
            Locale = "en-GB",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        Page = await context.NewPageAsync();
        // The Content-Security-Policy must never have to block anything the portal itself serves.
        Page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (policyViolations)
                {
                    policyViolations.Add($"{Page.Url}: {message.Text}");
                }
            }
        };
        Page.FrameNavigated += (_, frame) =>
        {
            if (frame == Page.MainFrame)
            {
                lock (visitedPages)
                {
                    visitedPages.Add(PageKey(frame.Url));
                }
            }
        };
    }

    /// <summary>Waits until the page's Blazor circuit is up and the layout has re-rendered interactively.</summary>
    protected async Task WaitForInteractiveAsync()
    {
        await Page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await Page.Locator("main[data-render-mode='interactive']").WaitForAsync();
    }

    /// <summary>
    /// Waits until every MudBlazor snackbar has finished fading in: half-way through, its text is half-transparent
    /// and fails axe's contrast check.
    /// </summary>
    protected Task WaitForSnackbarsAsync() =>
        Page.EvaluateAsync("() => Promise.all([...document.querySelectorAll('.mud-snackbar')].flatMap(e => e.getAnimations({ subtree: true })).map(a => a.finished.catch(() => null)))");

    /// <summary>
    /// Opens <paramref name="returnPath"/> signed out, signs in as the demo staff account <paramref name="email"/>, enrols
    /// an authenticator (a fresh portal asks staff for one first) and follows on to the page asked for, checking each
    /// page on the way.
    /// </summary>
    protected async Task SignInAsStaffAsync(string email, string returnPath)
    {
        await SubmitSignInAsync(email, returnPath);

        var key = Page.GetByTestId("authenticator-key");
        await Expect(key).ToBeVisibleAsync();
        await CheckAccessibilityAsync();
        var secret = Base32Encoding.ToBytes((await key.InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant());
        await Page.GetByLabel(AccountStrings.En("Field.VerificationCode"), new() { Exact = true }).FillAsync(new Totp(secret).ComputeTotp());
        await Page.GetByRole(AriaRole.Button, new() { Name = AccountStrings.En("Manage.EnableAuthenticator.Submit"), Exact = true }).ClickAsync();
        var proceed = Page.GetByRole(AriaRole.Link, new() { Name = AccountStrings.En("Manage.RecoveryCodes.Continue"), Exact = true });
        await Expect(proceed).ToBeVisibleAsync();
        await CheckAccessibilityAsync();
        await proceed.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(Regex.Escape(returnPath) + "$"));
        await WaitForInteractiveAsync();
    }

    /// <summary>Opens <paramref name="returnPath"/> signed out and signs in as the demo account <paramref name="email"/> (no second factor), back to that page.</summary>
    protected async Task SignInAsync(string email, string returnPath)
    {
        await SubmitSignInAsync(email, returnPath);
        await Expect(Page).ToHaveURLAsync(new Regex(Regex.Escape(returnPath) + "$"));
        await WaitForInteractiveAsync();
    }

    /// <summary>Opens <paramref name="returnPath"/> signed out, which leads to the sign-in page, checks it and submits the demo account's password.</summary>
    private async Task SubmitSignInAsync(string email, string returnPath)
    {
        await Page.GotoAsync(returnPath);
        await Expect(Page).ToHaveURLAsync(new Regex("/Account/Login", RegexOptions.IgnoreCase));
        await CheckAccessibilityAsync();
        await Page.GetByLabel(AccountStrings.En("Field.Email"), new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel(AccountStrings.En("Field.Password"), new() { Exact = true }).FillAsync(DemoAccounts.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = AccountStrings.En("Login.Submit"), Exact = true }).ClickAsync();
    }

    /// <summary>
    /// Leaving an interactive page for a static one (the Identity pages) is a full reload that can start just after the
    /// URL changed; axe started in that moment loses its document, so it runs again on the page that loaded.
    /// </summary>
    private async Task<AxeResult> RunAxeOnSettledPageAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            // The DOM is what axe reads; waiting for every subresource (the load event) only adds a way to time out
            // on a starved machine.
            await Page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
            try
            {
                await WaitForTitleAsync();
                await WaitForAnimationsAsync();
                // Not inside iframes: the only ones are the campaign's email previews, sandboxed without scripts
                // (untrusted HTML), where nothing can be evaluated and axe would wait forever.
                return await Page.RunAxe(new AxeRunOptions { Iframes = false });
            }
            catch (PlaywrightException error) when (attempt < 3 && error.Message.Contains("Execution context was destroyed", StringComparison.Ordinal))
            {
                await Page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
            }
        }
    }

    /// <summary>
    /// Waits (at most 5 s) for the finite animations and transitions running now: a button changing colour after a
    /// click is half-way between two colours for a moment, and axe would check its contrast then. Endless ones (an
    /// indeterminate progress bar) are not waited for.
    /// </summary>
    protected Task WaitForAnimationsAsync() =>
        Page.EvaluateAsync("""
            () => Promise.race([
                Promise.all(document.getAnimations()
                    .filter(a => a.effect?.getComputedTiming().iterations !== Infinity)
                    .map(a => a.finished.catch(() => null))),
                new Promise(resolve => setTimeout(resolve, 5000))])
            """);

    /// <summary>
    /// When the circuit starts, Blazor's HeadOutlet swaps the prerendered &lt;title&gt; for its own, leaving the document
    /// without one for a moment; axe waits for it, but a page that never gets a title still fails the check.
    /// </summary>
    private async Task WaitForTitleAsync()
    {
        try
        {
            await Page.WaitForFunctionAsync("() => document.title.trim().length > 0", null, new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            // Left to axe, which reports the missing title with the page it was missing on.
        }
    }

    /// <summary>Runs axe on the current page; fails on any serious or critical violation, listing them.</summary>
    protected async Task CheckAccessibilityAsync()
    {
        var result = await RunAxeOnSettledPageAsync();
        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        if (blocking.Count > 0)
        {
            var report = new StringBuilder($"Accessibility violations on {Page.Url}:");
            foreach (var violation in blocking)
            {
                report.Append($"\n- [{violation.Impact}] {violation.Id}: {violation.Help}");
                foreach (var node in violation.Nodes)
                {
                    report.Append($"\n    {node.Target}: {node.Html}");
                }
            }

            Assert.Fail(report.ToString());
        }

        checkedPages.Add(PageKey(Page.Url));
    }

    public async ValueTask DisposeAsync()
    {
        if (context is null)
        {
            return;
        }

        try
        {
            switch (TestContext.Current.TestState?.Result)
            {
                case TestResult.Failed:
                    await SaveScreenshotAsync();
                    break;
                case TestResult.Passed:
                    AssertEveryPageWasChecked();
                    AssertNoPolicyViolation();
                    break;
            }
        }
        finally
        {
            await context.DisposeAsync();
        }
    }

    private void AssertNoPolicyViolation()
    {
        lock (policyViolations)
        {
            Assert.True(policyViolations.Count == 0, "The Content-Security-Policy blocked:\n" + string.Join("\n", policyViolations));
        }
    }

    private void AssertEveryPageWasChecked()
    {
        string[] missed;
        lock (visitedPages)
        {
            missed = visitedPages.Where(p => !checkedPages.Contains(p) && !RedirectOnlyPaths.Contains(p)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        }

        Assert.True(missed.Length == 0, $"Pages visited without an accessibility check: {string.Join(", ", missed)}");
    }

    private async Task SaveScreenshotAsync()
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        var name = TestContext.Current.Test?.TestDisplayName ?? GetType().Name;
        var safe = string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
        var path = Path.Combine(folder, $"{safe}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Console.Error.WriteLine($"Screenshot of the failing test: {path}");
    }

    private static string PageKey(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
}
