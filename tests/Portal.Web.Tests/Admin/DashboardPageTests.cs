using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Dashboard;
using Portal.Core.Identity;
using Portal.Core.Reports;
using Portal.Core.Tests.Infrastructure;
using Portal.Web.Features.Admin;
using Portal.Web.Tests.Layout;

namespace Portal.Web.Tests.Admin;

/// <summary>The dashboard at <c>/admin</c> against the real <see cref="DashboardStatistics"/> on a migrated SQLite file.</summary>
public sealed class DashboardPageTests : LayoutTestContext, IAsyncLifetime
{
    private TestDatabase database = null!;

    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("dashboard-page");
        Services.AddSingleton(new DashboardStatistics(database.Factory, TimeProvider.System));
        AddAuthorization().SetAuthorized("agent@portal.test").SetRoles(PortalRoles.Agent);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public void With_no_data_each_chart_says_so_and_the_figures_show_zero_or_no_data()
    {
        var cut = Render<AdminHomePage>();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid='dashboard-empty']").Count));
        Assert.Contains("No report was received in the last 30 days.", cut.Find("[data-testid='dashboard-per-day']").TextContent, StringComparison.Ordinal);
        Assert.Contains("No campaign yet.", cut.Find("[data-testid='dashboard-campaigns']").TextContent, StringComparison.Ordinal);
        Assert.Equal("0", cut.Find("[data-figure='open'] dd").TextContent.Trim());
        Assert.Equal("No data yet", cut.Find("[data-figure='first-response'] dd").TextContent.Trim());
        Assert.Empty(cut.FindAll("figure"));
    }

    [Fact]
    public async Task With_reports_the_charts_render_with_text_alternatives_and_the_figures()
    {
        var now = DateTime.UtcNow;
        await using (var db = database.NewContext())
        {
            db.AbuseReports.AddRange(
                Report("AR-AAAA-0001", ReportState.Submitted, now.AddHours(-30), "Deal Galaxy"),
                Report("AR-AAAA-0002", ReportState.InReview, now.AddHours(-2), "Deal Galaxy"),
                Report("AR-AAAA-0003", ReportState.Closed, now.AddDays(-3), "MegaSaver"));
            await db.SaveChangesAsync(Token);
        }

        var cut = Render<AdminHomePage>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("figure[role='img']").Count));
        Assert.Equal("No campaign yet.", Assert.Single(cut.FindAll("[data-testid='dashboard-empty']")).TextContent.Trim());
        Assert.Equal("2", cut.Find("[data-figure='open'] dd").TextContent.Trim());
        Assert.Equal("1", cut.Find("[data-figure='overdue'] dd").TextContent.Trim());
        Assert.Equal(
            "All reports by state: Submitted 1, Being reviewed 1, Closed 1.",
            cut.Find("[data-testid='dashboard-by-state'] figure").GetAttribute("aria-label"));
        Assert.Equal(
            "Sellers with the most reports in the last 30 days (linked, or named by the reporter): Deal Galaxy 2, MegaSaver 1.",
            cut.Find("[data-testid='dashboard-sellers'] figure").GetAttribute("aria-label"));
        Assert.StartsWith("Reports received per day over the last 30 days: 3 in total", cut.Find("[data-testid='dashboard-per-day'] figure").GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Equal(30, cut.FindAll("[data-testid='dashboard-per-day'] table tbody tr").Count);
        Assert.NotEmpty(cut.FindAll("[data-testid='dashboard-by-state'] svg path"));
        // Agents get the queue link; the audit log is for admins.
        Assert.Equal(["/admin/reports"], cut.FindAll("[data-testid='dashboard-links'] a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task The_period_toggle_reloads_ninety_days()
    {
        await using (var db = database.NewContext())
        {
            db.AbuseReports.Add(Report("AR-AAAA-0001", ReportState.Closed, DateTime.UtcNow.AddDays(-60), "Old Seller"));
            await db.SaveChangesAsync(Token);
        }

        var cut = Render<AdminHomePage>();
        cut.WaitForAssertion(() => Assert.Contains("No report was received in the last 30 days.", cut.Find("[data-testid='dashboard-per-day']").TextContent, StringComparison.Ordinal));

        await cut.Find("[data-days='90']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(90, cut.FindAll("[data-testid='dashboard-per-day'] table tbody tr").Count));
        Assert.Equal("true", cut.Find("[data-days='90']").GetAttribute("aria-pressed"));
        Assert.Contains("Old Seller 1", cut.Find("[data-testid='dashboard-sellers'] figure").GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public void In_french_the_dashboard_is_translated()
    {
        UseCulture("fr");
        var cut = Render<AdminHomePage>();

        cut.WaitForAssertion(() => Assert.Contains("Aucun signalement reçu ces 30 derniers jours.", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("Délai médian de première réponse", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("Campagnes de notification", cut.Find("#dashboard-campaigns-heading").TextContent.Trim());
    }

    private static AbuseReport Report(string reference, ReportState state, DateTime created, string seller) => new()
    {
        Reference = reference,
        State = state,
        ClaimedSeller = seller,
        MessageSha256 = new string('0', 64),
        CreatedAt = created,
        UpdatedAt = created,
        DueAt = created.AddHours(24),
        ClosedAt = ReportStates.IsFinished(state) ? created.AddHours(5) : null,
    };
}
