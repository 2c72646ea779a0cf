using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.Rendering;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Incidents;
using Portal.Core.Reports;
using Portal.Core.Sellers;
using Portal.Core.Triage;
using Portal.Web.Components.Account;
using Portal.Web.Features.Triage;
using Portal.Web.Tests.Triage;

namespace Portal.Web.Tests.Sellers;

/// <summary>The queue's seller filter and bulk "link to seller" in bUnit over a real, migrated SQLite file.</summary>
public sealed class QueueSellerActionsTests : IAsyncLifetime
{
    private static readonly DateTime Now = DateTime.UtcNow;

    private readonly BunitContext context = new();
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("portal-queue-sellers-");
    private readonly CultureInfo uiCulture = CultureInfo.CurrentUICulture;
    private readonly CultureInfo culture = CultureInfo.CurrentCulture;
    private DbContextOptions<PortalDbContext> options = null!;
    private long dealsId;

    // Set here, not in InitializeAsync: the culture set there does not flow into the test method.
    public QueueSellerActionsTests() => CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en");

    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        options = DatabaseRegistration.StandaloneOptions(new DatabaseOptions { DataFolder = folder.FullName }, folder.FullName);
        await using (var db = new PortalDbContext(options))
        {
            await db.Database.MigrateAsync(Token);
            db.Users.Add(new ApplicationUser { Id = "reporter", UserName = "reporter@example.org", Email = "reporter@example.org", PreferredLanguage = "en" });
            var deals = new Seller { Name = "Deals Direct", CreatedAt = Now, UpdatedAt = Now };
            db.Sellers.AddRange(deals, new Seller { Name = "Bargain Barn", CreatedAt = Now, UpdatedAt = Now });
            await db.SaveChangesAsync(Token);
            dealsId = deals.Id;
            db.AbuseReports.AddRange(
                Report("AR-AAAA-0001", hoursAgo: 3, sellerId: dealsId),
                Report("AR-AAAA-0002", hoursAgo: 2, sellerId: null),
                Report("AR-AAAA-0003", hoursAgo: 1, sellerId: null));
            await db.SaveChangesAsync(Token);
        }

        var factory = new PooledDbContextFactory<PortalDbContext>(options);
        context.Services.AddQueuePage(factory);
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.AddAuthorization().SetAuthorized("agent@portal.test").SetRoles(PortalRoles.Agent).SetClaims(
            new Claim(ClaimTypes.NameIdentifier, "agent-1"),
            new Claim(PortalClaims.DisplayName, "Alex Agent"));
    }

    public async ValueTask DisposeAsync()
    {
        CultureInfo.CurrentUICulture = uiCulture;
        CultureInfo.CurrentCulture = culture;
        await context.DisposeAsync();
        SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Selected_reports_are_linked_to_the_chosen_seller_audited_and_the_seller_filter_then_finds_them()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(3, References(cut).Count));
        Assert.True(cut.Find("[data-testid='triage-link']").HasAttribute("disabled"));

        await SelectAsync(cut, "AR-AAAA-0002");
        await SelectAsync(cut, "AR-AAAA-0003");
        await PickSellerAsync(cut, "triage-link-seller", "Deals Direct");
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid='triage-link']").HasAttribute("disabled")));
        await cut.Find("[data-testid='triage-link']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("2 reports linked to Deals Direct.", cut.Markup));
        await using (var db = new PortalDbContext(options))
        {
            Assert.Equal(3, await db.AbuseReports.CountAsync(r => r.SellerId == dealsId, Token));
            Assert.Equal(["report:AR-AAAA-0002", "report:AR-AAAA-0003"], await db.AuditEntries.Where(a => a.Action == "seller.link").OrderBy(a => a.Target).Select(a => a.Target!).ToListAsync(Token));
        }

        await PickSellerAsync(cut, "triage-seller-filter", "Bargain Barn");
        cut.WaitForAssertion(() => Assert.Empty(References(cut)));
        await PickSellerAsync(cut, "triage-seller-filter", "Deals Direct");
        cut.WaitForAssertion(() => Assert.Equal(["AR-AAAA-0003", "AR-AAAA-0002", "AR-AAAA-0001"], References(cut)));
    }

    private static async Task SelectAsync(IRenderedComponent<ContainerFragment> cut, string reference)
    {
        var row = cut.FindAll("tbody tr").Single(r => r.QuerySelector($"[data-reference='{reference}']") is not null);
        await row.QuerySelector("input[type='checkbox']")!.ChangeAsync(new() { Value = true });
    }

    /// <summary>Types into the picker and clicks the suggestion, as a user would.</summary>
    private static async Task PickSellerAsync(IRenderedComponent<ContainerFragment> cut, string testId, string name)
    {
        cut.Find($"[data-testid='{testId}'] input").Input(name[..4]);
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll(".mud-popover-open .mud-list-item"), i => i.TextContent.Trim() == name), TimeSpan.FromSeconds(5));
        await cut.FindAll(".mud-popover-open .mud-list-item").First(i => i.TextContent.Trim() == name).ClickAsync(new());
    }

    private static List<string> References(IRenderedComponent<ContainerFragment> cut) =>
        cut.FindAll("[data-reference]").Select(e => e.GetAttribute("data-reference")!).ToList();

    private IRenderedComponent<ContainerFragment> RenderPage() => context.Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<TriageQueuePage>(2);
        builder.CloseComponent();
    });

    private static AbuseReport Report(string reference, int hoursAgo, long? sellerId) => new()
    {
        Reference = reference,
        ReporterId = "reporter",
        State = ReportState.Submitted,
        SellerId = sellerId,
        Subject = "Offer " + reference,
        SenderAddress = "seller@deals.example",
        MessageSha256 = new string('0', 64),
        CreatedAt = Now.AddHours(-hoursAgo),
        UpdatedAt = Now.AddHours(-hoursAgo),
        DueAt = Now.AddHours(24 - hoursAgo),
    };
}
