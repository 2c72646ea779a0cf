using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Tests.Infrastructure;
using Portal.Web.Features.Audit;
using Portal.Web.Tests.Layout;

namespace Portal.Web.Tests.Admin;

/// <summary>The interactive audit page against the real <see cref="AuditLog"/> on a migrated SQLite file.</summary>
public sealed class AuditPageComponentTests : LayoutTestContext, IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("audit-page");
        await using var db = database.NewContext();
        // 60 entries an hour apart; every third one is an incident action.
        db.AuditEntries.AddRange(Enumerable.Range(1, 60).Select(i => new AuditEntry
        {
            At = Start.AddHours(i),
            ActorName = i % 2 == 0 ? "Ada Admin" : "Bob Agent",
            Action = i % 3 == 0 ? "incident.update" : "report.note",
            Target = $"entry:{i}",
            Summary = $"Entry {i}",
        }));
        await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        Services.AddSingleton(new AuditLog(database.Factory, TimeProvider.System));
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public void The_first_page_holds_the_fifty_newest_entries_and_the_pager_counts_all_sixty()
    {
        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.Equal(50, Targets(cut).Count));
        Assert.Equal("entry:60", Targets(cut)[0]);
        Assert.Equal("entry:11", Targets(cut)[^1]);
        Assert.Contains("1-50 of 60", cut.Find(".mud-table-pagination").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Applying_an_action_filter_reloads_the_table_with_the_matching_entries_only()
    {
        var cut = Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Equal(50, Targets(cut).Count));

        cut.Find("#audit-action").Change("incident.");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal(20, Targets(cut).Count));
        Assert.Equal("entry:60", Targets(cut)[0]);
        Assert.All(cut.FindAll("tbody tr td:nth-child(3)"), td => Assert.Equal("incident.update", td.TextContent.Trim()));
        Assert.Equal("admin/audit/export.csv?action=incident.", cut.Find("[data-testid='audit-export']").GetAttribute("href"));
    }

    [Fact]
    public void In_french_the_page_and_an_empty_result_are_translated()
    {
        UseCulture("fr");
        var cut = Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Equal(50, Targets(cut).Count));

        cut.Find("#audit-who").Change("nobody");
        cut.Find("form").Submit();

        Assert.Equal("Journal d'audit", cut.Find("h1").TextContent.Trim());
        Assert.Contains("Lignes par page", cut.Find(".mud-table-pagination").TextContent, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Contains("Aucune entrée du journal ne correspond à ces filtres.", cut.Markup, StringComparison.Ordinal));
    }

    private static List<string> Targets(IRenderedComponent<AuditPage> cut) =>
        cut.FindAll("tbody tr td:nth-child(4)").Select(td => td.TextContent.Trim()).ToList();
}
