using System.Security.Claims;
using System.Text;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Reports;
using Portal.Core.Sellers;
using Portal.Core.Triage;
using Portal.Web.Components.Account;
using Portal.Web.Features.Sellers;
using Portal.Web.Tests.Hosting;
using Portal.Web.Tests.Layout;

namespace Portal.Web.Tests.Sellers;

/// <summary>The seller components in bUnit against the running portal's services (real SQLite).</summary>
public sealed class SellerComponentTests : LayoutTestContext, IAsyncLifetime
{
    private const string Reporter = "seller-reporter@example.org";
    private static readonly TriageActor Seeder = new("seed", "Seeder");

    private readonly KestrelPortalFactory portal = new();
    private string agentId = null!;

    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    private SellerService Sellers => portal.Services.GetRequiredService<SellerService>();

    public async ValueTask InitializeAsync()
    {
        portal.CreateHttpClient().Dispose();
        await FormSignIn.CreateAccountAsync(portal.Services, Reporter, PortalRoles.Customer, withAuthenticator: false);
        await FormSignIn.CreateAccountAsync(portal.Services, "alex@example.com", PortalRoles.Agent, withAuthenticator: true);
        agentId = await IdOfAsync("alex@example.com");
        Services.AddSingleton(Sellers);
        Services.AddSingleton(portal.Services.GetRequiredService<SellerEnforcement>());
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await portal.DisposeAsync();
    }

    [Fact]
    public async Task The_panel_suggests_the_likely_seller_and_links_it_in_one_click_then_unlinks()
    {
        SignIn();
        var seller = (await Sellers.CreateAsync("Deals Direct", null, Seeder, Token)).Id!.Value;
        await Sellers.AddIdentifierAsync(seller, SellerIdentifierKind.Domain, "deals.example", Seeder, Token);
        var reportId = await ReportAsync("offers@deals.example");

        var cut = RenderWithProviders<SellerLinkPanel>(nameof(SellerLinkPanel.ReportId), reportId);

        cut.WaitForAssertion(() => Assert.Equal("Likely seller: Deals Direct, matched on Sender domain: deals.example", cut.Find("[data-testid='seller-likely'] p").TextContent.Trim()));
        await cut.Find("[data-testid='seller-link-likely']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("Deals Direct", cut.Find("[data-testid='seller-linked']").TextContent));
        Assert.Equal(seller, await SellerOfAsync(reportId));
        Assert.Equal(1, await AuditCountAsync("seller.link"));

        await cut.Find("[data-testid='seller-unlink']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Likely seller: Deals Direct, matched on Sender domain: deals.example", cut.Find("[data-testid='seller-likely'] p").TextContent.Trim()));
        Assert.Null(await SellerOfAsync(reportId));
    }

    [Fact]
    public async Task The_panel_says_so_in_french_when_no_seller_matches()
    {
        UseCulture("fr");
        SignIn();
        var reportId = await ReportAsync("news@nobody.example");

        var cut = RenderWithProviders<SellerLinkPanel>(nameof(SellerLinkPanel.ReportId), reportId);

        cut.WaitForAssertion(() => Assert.Equal("Rattaché à aucun vendeur, et aucun identifiant de vendeur ne correspond à ses preuves.", cut.Find("[data-testid='seller-none']").TextContent.Trim()));
        Assert.True(cut.Find("[data-testid='seller-link-chosen']").HasAttribute("disabled"));
    }

    [Fact]
    public void The_list_shows_its_empty_state_and_creating_a_seller_opens_its_page()
    {
        SignIn();
        var cut = RenderWithProviders<SellersPage>();

        cut.WaitForAssertion(() => Assert.StartsWith("No seller yet.", cut.Find("[data-testid='sellers-empty']").TextContent.Trim()));
        cut.Find("#seller-name").Change("   ");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("Enter a name of at most 200 characters", cut.Markup));

        cut.Find("#seller-name").Change("Deals Direct");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Matches(@"/admin/sellers/\d+$", Navigation.Uri));
    }

    [Fact]
    public async Task An_agent_edits_identifiers_with_clear_messages_and_sees_no_enforcement_or_evidence_controls()
    {
        SignIn();
        var seller = (await Sellers.CreateAsync("Deals Direct", null, Seeder, Token)).Id!.Value;
        var other = (await Sellers.CreateAsync("Bargain Barn", null, Seeder, Token)).Id!.Value;
        await Sellers.AddIdentifierAsync(other, SellerIdentifierKind.Domain, "barn.example", Seeder, Token);

        var cut = RenderWithProviders<SellerPage>(nameof(SellerPage.Id), seller);

        cut.WaitForAssertion(() => Assert.Equal("Deals Direct", cut.Find("h1").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid='seller-enforce']"));
        Assert.Empty(cut.FindAll("[data-testid='evidence-download']"));
        Assert.NotNull(cut.Find("[data-testid='identifiers-empty']"));

        cut.Find("#identifier-value").Change("not a domain");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("Enter a domain name such as deals.example.", cut.Markup));
        cut.Find("#identifier-value").Change("Barn.Example");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("This identifier already belongs to the seller “Bargain Barn”.", cut.Markup));
        cut.Find("#identifier-value").Change("Deals.Example");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Equal("deals.example", cut.Find("[data-identifier]").GetAttribute("data-identifier")));
    }

    [Fact]
    public async Task An_admin_sees_the_preview_must_give_a_reason_and_the_decision_resolves_the_open_reports()
    {
        SignIn(admin: true);
        var seller = (await Sellers.CreateAsync("Deals Direct", null, Seeder, Token)).Id!.Value;
        var reportId = await ReportAsync("offers@deals.example");
        await Sellers.LinkAsync([reportId], seller, Seeder, Token);

        var cut = RenderWithProviders<SellerPage>(nameof(SellerPage.Id), seller);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='seller-enforce']")));
        Assert.EndsWith($"admin/sellers/{seller}/evidence.zip", cut.Find("[data-testid='evidence-download']").GetAttribute("href"));

        await cut.Find("[data-testid='seller-enforce']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.StartsWith("This decision resolves 1 open reports and emails 1 reporters.", cut.Find("[data-testid='enforce-preview']").TextContent.Trim()));
        await cut.Find("[data-testid='enforce-confirm']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("Give the reason for this decision.", cut.Markup));
        Assert.Equal(ReportState.Submitted, await StateOfAsync(reportId));

        cut.Find("#enforce-reason").Change("Sold the leaked list.");
        await cut.Find("[data-testid='enforce-confirm']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Sold the leaked list.", cut.Find("[data-testid='seller-history']").TextContent));
        Assert.Equal(ReportState.ActionTaken, await StateOfAsync(reportId));
        Assert.Equal("Warned", cut.Find("[data-state]").GetAttribute("data-state"));
    }

    private void SignIn(bool admin = false)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized("alex@example.com").SetRoles(admin ? PortalRoles.Admin : PortalRoles.Agent)
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, agentId), new Claim(PortalClaims.DisplayName, "Alex Agent"));
        authorization.SetPolicies(admin ? [PortalPolicies.Staff, PortalPolicies.Admin] : [PortalPolicies.Staff]);
    }

    private IRenderedComponent<ContainerFragment> RenderWithProviders<TComponent>(string? parameter = null, object? value = null)
        where TComponent : IComponent => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
        builder.OpenComponent<TComponent>(3);
        if (parameter is not null)
        {
            builder.AddAttribute(4, parameter, value);
        }

        builder.CloseComponent();
    });

    private async Task<long> ReportAsync(string sender)
    {
        var reporterId = await IdOfAsync(Reporter);
        var eml = Encoding.UTF8.GetBytes($"From: {sender}\r\nTo: {Reporter}\r\nSubject: Offer\r\nMessage-ID: <{Guid.NewGuid():N}@example.org>\r\n\r\nBuy now.\r\n");
        var result = await portal.Services.GetRequiredService<AbuseReportService>().SubmitAsync(reporterId,
            new ReportDraft { Source = ReportSource.Upload, Eml = eml, FileName = "offer.eml" }, Token);
        await using var db = await NewContextAsync();
        return await db.AbuseReports.Where(r => r.Reference == result.Reference).Select(r => r.Id).SingleAsync(Token);
    }

    private async Task<long?> SellerOfAsync(long reportId)
    {
        await using var db = await NewContextAsync();
        return await db.AbuseReports.Where(r => r.Id == reportId).Select(r => r.SellerId).SingleAsync(Token);
    }

    private async Task<ReportState> StateOfAsync(long reportId)
    {
        await using var db = await NewContextAsync();
        return await db.AbuseReports.Where(r => r.Id == reportId).Select(r => r.State).SingleAsync(Token);
    }

    private async Task<int> AuditCountAsync(string action)
    {
        await using var db = await NewContextAsync();
        return await db.AuditEntries.CountAsync(a => a.Action == action, Token);
    }

    private async Task<string> IdOfAsync(string email)
    {
        await using var db = await NewContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private Task<PortalDbContext> NewContextAsync() => portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
}
