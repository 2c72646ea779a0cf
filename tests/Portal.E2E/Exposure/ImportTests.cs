using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Incidents;
using Portal.E2E.Infrastructure;
using Portal.Web.Features.Exposure;
using Portal.Web.Features.Incidents;
using Portal.Web.Features.Setup;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Exposure;

/// <summary>
/// The portal with tiny import chunks (thousands of commits), so a 50,000-line import takes long enough — seconds, not
/// the fraction of a second it takes with real chunks — to watch its progress bar move.
/// </summary>
public sealed class ImportAppFixture : PortalAppFixture
{
    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Exposure:ImportChunkSize"] = "10";
}

public sealed class ImportTests(ImportAppFixture app, BrowserFixture browser)
    : PortalPageTest(app, browser), IClassFixture<ImportAppFixture>
{
    private const int ValidAddresses = 49_990;
    private const string IncidentTitle = "Email addresses sold to a seller";

    private static readonly ResourceManager ImportResources = new(typeof(ImportText).FullName!, typeof(ImportText).Assembly);
    private static readonly ResourceManager IncidentResources = new(typeof(IncidentText).FullName!, typeof(IncidentText).Assembly);

    [Fact]
    public async Task An_admin_uploads_a_list_sees_its_preview_confirms_and_watches_the_import_to_its_summary()
    {
        var incidentId = await CreateIncidentAsync();
        var file = WriteAffectedList();
        var admin = DemoAccounts.All.Single(a => a.Role == PortalRoles.Admin).Email;

        // The demo admin signs in and, as staff, enrols an authenticator on the way to the incident list.
        await Page.GotoAsync("admin/incidents");
        await Expect(Page).ToHaveURLAsync(new Regex("/Account/Login", RegexOptions.IgnoreCase));
        await CheckAccessibilityAsync();
        await Field("Field.Email").FillAsync(admin);
        await Field("Field.Password").FillAsync(DemoAccounts.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = AccountStrings.En("Login.Submit"), Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/Account/Manage/EnableAuthenticator", RegexOptions.IgnoreCase));
        await CheckAccessibilityAsync();
        var key = await Page.GetByTestId("authenticator-key").InnerTextAsync();
        await Field("Field.VerificationCode").FillAsync(new Totp(Base32Encoding.ToBytes(key.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant())).ComputeTotp());
        await Page.GetByRole(AriaRole.Button, new() { Name = AccountStrings.En("Manage.EnableAuthenticator.Submit"), Exact = true }).ClickAsync();
        var proceed = Page.GetByRole(AriaRole.Link, new() { Name = AccountStrings.En("Manage.RecoveryCodes.Continue"), Exact = true });
        await Expect(proceed).ToBeVisibleAsync();
        await CheckAccessibilityAsync();
        await proceed.ClickAsync();

        // From the incident's row in the list to its import page.
        await Expect(Page).ToHaveURLAsync(new Regex("/admin/incidents$", RegexOptions.IgnoreCase));
        await WaitForInteractiveAsync();
        await CheckAccessibilityAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = string.Format(CultureInfo.GetCultureInfo("en"), IncidentResources.GetString("List.ImportLabel", CultureInfo.GetCultureInfo("en"))!, IncidentTitle), Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/admin/incidents/{incidentId}/import$", RegexOptions.IgnoreCase));
        await WaitForInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Text("Page.Title"));
        await CheckAccessibilityAsync();

        // A file without one valid address is refused with the reason, and nothing is stored.
        var chooser = Page.GetByLabel(Text("Upload.Choose"));
        await chooser.SetInputFilesAsync(new FilePayload { Name = "wrong.txt", MimeType = "text/plain", Buffer = "no address here\nnor here\n"u8.ToArray() });
        await Expect(Page.GetByTestId("import-error")).ToHaveTextAsync(string.Format(CultureInfo.GetCultureInfo("en"), Text("Error.NoValidLine"), 2));
        await Expect(Page.GetByTestId("history-empty")).ToBeVisibleAsync();
        await CheckAccessibilityAsync();

        // Upload through the browser: the preview counts the file before anything is imported.
        await chooser.SetInputFilesAsync(file);
        await Expect(Page).ToHaveURLAsync(new Regex(@"\?batch=\d+$"));
        var preview = Page.GetByTestId("import-preview");
        await Expect(preview).ToBeVisibleAsync();
        await Expect(Count(preview, "count-total")).ToHaveTextAsync("50,000");
        await Expect(Count(preview, "count-valid")).ToHaveTextAsync("49,995");
        await Expect(Count(preview, "count-invalid")).ToHaveTextAsync("5");
        await Expect(Count(preview, "count-duplicates")).ToHaveTextAsync("5");
        await Expect(Count(preview, "count-already")).ToHaveTextAsync("0");
        await Expect(preview.Locator("tr[data-line]")).ToHaveCountAsync(5);
        await Expect(preview.Locator("tr[data-line='10001'] td").Nth(1)).ToHaveTextAsync(Text("Reason.NoAtSign"));
        await Expect(Page.GetByTestId("download-invalid")).ToHaveAttributeAsync("href", new Regex(@"admin/exposure/imports/\d+/invalid-lines\.csv$"));
        await CheckAccessibilityAsync();

        var confirm = Page.GetByRole(AriaRole.Button, new() { Name = string.Format(CultureInfo.GetCultureInfo("en"), Text("Preview.Confirm"), ValidAddresses), Exact = true });
        await Expect(confirm).ToBeEnabledAsync();
        await confirm.ClickAsync();

        // The bar moves while the import runs in the background, and stays at 100 % above the summary.
        var seen = await WatchProgressAsync();
        var summary = Page.GetByTestId("import-summary");
        await Expect(summary.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(summary.GetByTestId("import-progress-text")).ToContainTextAsync("100% · 50,000 of 50,000 lines read");
        await Expect(summary.GetByTestId("import-outcome")).ToHaveTextAsync(string.Format(CultureInfo.GetCultureInfo("en"), Text("Summary.Completed"), "49,990"));
        await Expect(Count(summary, "count-imported")).ToHaveTextAsync("49,990");
        await Expect(Count(summary, "count-duplicates")).ToHaveTextAsync("5");
        await Expect(Count(summary, "count-invalid")).ToHaveTextAsync("5");
        await Expect(Page.Locator("tr[data-batch] [data-state]")).ToHaveAttributeAsync("data-state", "Completed");
        Assert.Contains(seen, value => value is > 0 and < 100);
        await CheckAccessibilityAsync();
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Equal(ValidAddresses, await db.ExposedAddresses.CountAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The progress bar's values from the moment it appears until the summary replaces the running import.</summary>
    private async Task<List<int>> WatchProgressAsync()
    {
        // Read in one go in the page, since the running panel can be replaced between two separate queries.
        const string Read = """
            () => document.querySelector("[data-testid='import-summary']") ? "done"
                : document.querySelector("[data-testid='import-progress'] [role='progressbar']")?.getAttribute("aria-valuenow") ?? ""
            """;
        var seen = new List<int>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string state;
        while ((state = await Page.EvaluateAsync<string>(Read)) != "done" && DateTime.UtcNow < deadline)
        {
            if (int.TryParse(state, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                seen.Add(value);
            }

            await Page.WaitForTimeoutAsync(100);
        }

        await Expect(Page.GetByTestId("import-summary")).ToBeVisibleAsync();
        return seen;
    }

    /// <summary>50,000 lines: 49,990 distinct valid addresses, 5 repeated in other case, 5 without an @.</summary>
    private static string WriteAffectedList()
    {
        var lines = Enumerable.Range(0, ValidAddresses).Select(i => $"customer{i}@example.com").ToList();
        for (var i = 0; i < 5; i++)
        {
            lines.Insert(10_000 + i, $"not-an-address-{i}");
            lines.Add($"CUSTOMER{i}@EXAMPLE.COM");
        }

        var path = Path.Combine(Path.GetTempPath(), $"affected-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, lines);
        return path;
    }

    private async Task<int> CreateIncidentAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var incident = new Incident
        {
            Slug = $"import-e2e-{Guid.NewGuid():N}",
            Title = new LocalizedText { En = IncidentTitle, Fr = "Adresses e-mail vendues à un vendeur" },
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        return incident.Id;
    }

    private static ILocator Count(ILocator panel, string testId) => panel.GetByTestId(testId).Locator("dd");

    private ILocator Field(string labelKey) => Page.GetByLabel(AccountStrings.En(labelKey), new() { Exact = true });

    private static string Text(string key) => ResourceText.Get(ImportResources, key, "en");
}
