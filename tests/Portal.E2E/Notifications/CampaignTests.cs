using System.Globalization;
using System.Resources;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using MimeKit.Cryptography;
using Portal.Core.Data;
using Portal.Core.Exposure;
using Portal.Core.Tests.Email;
using Portal.Core.Tests.Notifications;
using Portal.E2E.Infrastructure;
using Portal.Web.Features.Incidents;
using Portal.Web.Features.Notifications;
using Portal.Web.Features.Setup;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Notifications;

/// <summary>
/// The portal sending over SMTP, with DKIM, to a real SMTP server on loopback; the key is made for the run and the
/// verifier finds its public half through <see cref="SingleKeyLocator"/> instead of DNS.
/// </summary>
public sealed class CampaignAppFixture : PortalAppFixture
{
    public const string DkimDomain = "northwind-market.example";
    public const string DkimSelector = "portal2026";
    public const string FromAddress = "care@northwind-market.example";
    public const string ReplyTo = "privacy@northwind-market.example";
    public const string MessageIdDomain = "portal.northwind-market.example";

    private readonly string keyPath = Path.Combine(Path.GetTempPath(), $"portal-dkim-{Guid.NewGuid():N}.pem");

    public RSA DkimKey { get; } = RSA.Create(2048);

    public LoopbackSmtpServer Smtp { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Smtp = await LoopbackSmtpServer.StartAsync();
        await File.WriteAllTextAsync(keyPath, DkimKey.ExportPkcs8PrivateKeyPem());
        await base.InitializeAsync();
    }

    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings["Email:Mode"] = "Smtp";
        settings["Email:Smtp:Host"] = "127.0.0.1";
        settings["Email:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture);
        settings["Email:Smtp:Security"] = "None";
        settings["Email:FromAddress"] = FromAddress;
        settings["Email:ReplyTo"] = ReplyTo;
        settings["Email:MessageIdDomain"] = MessageIdDomain;
        settings["Email:Dkim:Domain"] = DkimDomain;
        settings["Email:Dkim:Selector"] = DkimSelector;
        settings["Email:Dkim:PrivateKeyPath"] = keyPath;
        settings["Notifications:MaxPerSecond"] = "0";
        settings["Notifications:BatchSize"] = "4";
        settings["Notifications:PollIntervalSeconds"] = "0.2";
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        DkimKey.Dispose();
        File.Delete(keyPath);
    }
}

public sealed class CampaignTests(CampaignAppFixture app, BrowserFixture browser)
    : PortalPageTest(app, browser), IClassFixture<CampaignAppFixture>
{
    private static readonly ResourceManager Resources = new(typeof(NotificationText).FullName!, typeof(NotificationText).Assembly);
    private static readonly ResourceManager IncidentResources = new(typeof(IncidentText).FullName!, typeof(IncidentText).Assembly);

    private const int AudienceSize = 6;

    private new CampaignAppFixture App => (CampaignAppFixture)base.App;

    [Fact]
    public async Task One_admin_prepares_another_approves_and_every_recipient_gets_a_signed_verifiable_notice_in_their_language()
    {
        var contexts = App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        int incidentId;
        await using (var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            incidentId = await CampaignHost.AddIncidentAsync(db);
        }

        var audience = await CampaignHost.AddAudienceAsync(contexts, incidentId, App.Services.GetRequiredService<ExposureHasher>(), AudienceSize);
        var preparer = DemoAccounts.All.Single(a => a.Email == "admin@demo.example").Email;
        var approver = DemoAccounts.SecondAdmin.Email;

        // Admin A, from the incident list to the campaign page: the audience, then a prepared campaign with both
        // languages previewed as they will be sent.
        await SignInAsStaffAsync(preparer, "/admin/incidents");
        await CheckAccessibilityAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = string.Format(CultureInfo.GetCultureInfo("en"), IncidentResources.GetString("List.CampaignLabel", CultureInfo.GetCultureInfo("en"))!, CampaignHost.IncidentTitle), Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/admin/incidents/{incidentId}/campaign$"));
        await WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("campaign-audience")).ToHaveTextAsync(string.Format(CultureInfo.GetCultureInfo("en"), Text("Prepare.Audience"), "6"));
        await CheckAccessibilityAsync();

        await Page.GetByTestId("campaign-prepare-submit").ClickAsync();
        var campaign = Page.GetByTestId("campaign");
        await Expect(campaign).ToHaveAttributeAsync("data-state", "Draft");
        await Expect(Page.Locator("[data-testid='preview'][data-culture='en'] [data-testid='preview-text']")).ToContainTextAsync("WHAT HAPPENED");
        await Expect(Page.Locator("[data-testid='preview'][data-culture='fr'] [data-testid='preview-text']")).ToContainTextAsync("CE QUI S’EST PASSÉ");
        await Expect(Page.FrameLocator("[data-testid='preview'][data-culture='fr'] iframe").Locator("h2").First).ToHaveTextAsync("Ce qui s’est passé");
        // The preparer cannot approve their own campaign.
        await Expect(Page.GetByTestId("campaign-approve")).ToBeDisabledAsync();
        await Expect(Page.GetByTestId("campaign-own")).ToHaveTextAsync(Text("Approve.OwnCampaign"));
        await Page.GetByTestId("campaign-test").ClickAsync();
        var tests = await WaitForMessagesAsync(m => m.To.Mailboxes.Any(to => to.Address == preparer), 2);
        Assert.Equal(["en", "fr"], tests.Select(m => m.Body!.Headers[HeaderId.ContentLanguage]).Order());
        await WaitForSnackbarsAsync();
        await CheckAccessibilityAsync();

        // Admin B approves and starts; the page follows the campaign to its report without a reload.
        await Page.Context.ClearCookiesAsync();
        await SignInAsStaffAsync(approver, $"/admin/incidents/{incidentId}/campaign");
        await Expect(campaign).ToHaveAttributeAsync("data-state", "Draft");
        await CheckAccessibilityAsync();
        await Page.GetByTestId("campaign-approve").ClickAsync();
        await Expect(campaign).ToHaveAttributeAsync("data-state", "Approved");
        await Expect(Page.GetByTestId("campaign-approved-by")).ToContainTextAsync("Bruno Backup");
        await Page.GetByTestId("campaign-start").ClickAsync();
        var report = Page.GetByTestId("campaign-report");
        await Expect(report).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(campaign).ToHaveAttributeAsync("data-state", "Completed");
        await Expect(report.GetByTestId("count-sent").Locator("dd")).ToHaveTextAsync("6");
        await Expect(report.GetByTestId("count-failed").Locator("dd")).ToHaveTextAsync("0");
        await Expect(report.GetByTestId("count-pending").Locator("dd")).ToHaveTextAsync("0");
        await WaitForSnackbarsAsync();
        await CheckAccessibilityAsync();

        // What arrived: one notice per recipient, in their language, with the configured headers, both parts and a
        // DKIM signature that verifies.
        var notices = await WaitForMessagesAsync(m => audience.Contains(m.To.Mailboxes.Single().Address), AudienceSize);
        var verifier = new DkimVerifier(new SingleKeyLocator(App.DkimKey, CampaignAppFixture.DkimDomain, CampaignAppFixture.DkimSelector));
        var references = new List<string>();
        for (var i = 0; i < audience.Count; i++)
        {
            var address = audience[i];
            var message = Assert.Single(notices, m => m.To.Mailboxes.Single().Address == address);
            var culture = CampaignHost.LanguageOf(i) ?? "en";
            Assert.Equal(CampaignAppFixture.FromAddress, message.From.Mailboxes.Single().Address);
            Assert.Equal(CampaignAppFixture.ReplyTo, message.ReplyTo.Mailboxes.Single().Address);
            Assert.Matches($"^N-[2-9A-HJ-NP-Z]{{4}}-[2-9A-HJ-NP-Z]{{4}}@{Regex.Escape(CampaignAppFixture.MessageIdDomain)}$", message.MessageId);
            Assert.Equal(culture, message.Body!.Headers[HeaderId.ContentLanguage]);
            Assert.StartsWith(culture == "fr" ? "Important : votre adresse e-mail" : "Important: your email address", message.Subject);
            var reference = message.MessageId!.Split('@')[0];
            Assert.Contains(reference, message.TextBody);
            Assert.Contains(reference, message.HtmlBody);
            Assert.Contains(culture == "fr" ? "Ce que vous pouvez faire" : "What you can do", message.HtmlBody);
            Assert.DoesNotContain("href", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
            var signature = Assert.Single(message.Headers, h => h.Id == HeaderId.DkimSignature);
            Assert.True(await verifier.VerifyAsync(message, signature, TestContext.Current.CancellationToken), $"DKIM of the notice to {address}");
            references.Add(reference);
        }

        // Anyone holding the email can check it on the public page; a made-up reference is not confirmed.
        await Page.GotoAsync("/genuine");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Text("Genuine.Title"));
        await CheckAccessibilityAsync();
        await Page.GetByLabel(Text("Genuine.Field")).FillAsync(references[0].ToLowerInvariant());
        await Page.GetByRole(AriaRole.Button, new() { Name = Text("Genuine.Submit") }).ClickAsync();
        await Expect(Page.GetByTestId("genuine-yes")).ToContainTextAsync("c•••@e•••.test");
        await CheckAccessibilityAsync();
        await Page.GetByLabel(Text("Genuine.Field")).FillAsync("N-2345-6789");
        await Page.GetByRole(AriaRole.Button, new() { Name = Text("Genuine.Submit") }).ClickAsync();
        await Expect(Page.GetByTestId("genuine-no")).ToHaveTextAsync(Text("Genuine.No"));
        await CheckAccessibilityAsync();
    }

    /// <summary>Waits until <paramref name="count"/> received messages match, then returns them.</summary>
    private async Task<List<MimeMessage>> WaitForMessagesAsync(Func<MimeMessage, bool> match, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var found = App.Smtp.Messages.Where(match).ToList();
            if (found.Count >= count)
            {
                Assert.Equal(count, found.Count);
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{found.Count} of {count} expected messages arrived within 60 s.");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private static string Text(string key) => ResourceText.Get(Resources, key, "en");
}
