using Microsoft.EntityFrameworkCore;
using Portal.Core.Reports;
using Portal.Core.Sellers;
using static Portal.Core.Tests.Sellers.SellerTestData;

namespace Portal.Core.Tests.Sellers;

/// <summary>The enforcement ladder's cascade over a real SQLite file, with the real report service and email composer.</summary>
public sealed class SellerEnforcementTests : IAsyncLifetime
{
    private SellerTestData data = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => data = await CreateAsync("enforcement");

    public async ValueTask DisposeAsync() => await data.DisposeAsync();

    [Fact]
    public async Task A_ban_resolves_every_open_report_and_emails_each_reporter_once_per_report_in_their_language_leaving_finished_ones_alone()
    {
        var seller = await data.SellerAsync("Deals Direct");
        var camille = await data.ReportAsync(Camille, sellerId: seller);
        var camilleAgain = await data.ReportAsync(Camille, ReportState.InReview, sellerId: seller);
        var dominique = await data.ReportAsync(Dominique, sellerId: seller);
        var closed = await data.ReportAsync(Emma, ReportState.Closed, sellerId: seller);
        var withdrawn = await data.ReportAsync(Emma, ReportState.Withdrawn, sellerId: seller);
        var otherSeller = await data.ReportAsync(Emma, sellerId: await data.SellerAsync("Someone else"));

        var preview = await data.Enforcement.PreviewAsync(seller, Token);
        var result = await data.Enforcement.ApplyAsync(seller, EnforcementAction.Ban, "Sold the leaked list.", Admin, Token);

        Assert.Equal(new EnforcementPreview(3, 2), preview);
        Assert.Equal(new EnforcementResult(SellerResult.Done, 3, 2), result);
        await using var db = data.NewContext();
        var reports = await db.AbuseReports.AsNoTracking().ToDictionaryAsync(r => r.Id, Token);
        foreach (var id in new[] { camille.Id, camilleAgain.Id, dominique.Id })
        {
            Assert.Equal((ReportState.ActionTaken, ReportOutcome.SellerBanned), (reports[id].State, reports[id].Outcome));
            var visible = await db.ReportEvents.SingleAsync(e => e.ReportId == id && e.Kind == ReportEventKind.OutcomeSet, Token);
            Assert.True(visible.ReporterVisible);
            Assert.Null(visible.Text);
        }

        Assert.Equal((ReportState.Closed, ReportOutcome.None), (reports[closed.Id].State, reports[closed.Id].Outcome));
        Assert.Equal((ReportState.Withdrawn, ReportOutcome.None), (reports[withdrawn.Id].State, reports[withdrawn.Id].Outcome));
        Assert.Equal(ReportState.Submitted, reports[otherSeller.Id].State);

        var emails = await db.OutboxMessages.Where(m => m.Kind == "report.updated").OrderBy(m => m.Recipient).ThenBy(m => m.Id).ToListAsync(Token);
        Assert.Equal([("fr", "camille@example.org"), ("fr", "camille@example.org"), ("en", "dominique@example.org")], emails.Select(e => (e.Culture, e.Recipient)));
        Assert.Contains(camille.Reference, emails[0].Subject + emails[0].TextBody + emails[1].Subject + emails[1].TextBody);
        Assert.Contains(camilleAgain.Reference, emails[0].Subject + emails[0].TextBody + emails[1].Subject + emails[1].TextBody);
        Assert.Contains("exclu de la place de marché", emails[0].TextBody);
        Assert.Contains("banned from the marketplace", emails[2].TextBody);
        Assert.All(emails, e => Assert.DoesNotContain("Sold the leaked list.", e.TextBody));

        var sellerRow = await db.Sellers.Include(s => s.Actions).SingleAsync(s => s.Id == seller, Token);
        Assert.Equal(EnforcementState.Banned, sellerRow.State);
        var action = Assert.Single(sellerRow.Actions);
        Assert.Equal((EnforcementAction.Ban, "Sold the leaked list.", Admin.Id, 3, 2), (action.Action, action.Reason, action.ActorId, action.ReportsResolved, action.ReportersNotified));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "seller.enforce" && a.Target == $"seller:{seller}", Token));
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.Action == "report.resolve", Token));

        // A second decision finds nothing open: nobody is emailed twice about the same report.
        var again = await data.Enforcement.ApplyAsync(seller, EnforcementAction.ReferToLawEnforcement, "Police asked for it.", Admin, Token);
        Assert.Equal(new EnforcementResult(SellerResult.Done, 0, 0), again);
        Assert.Equal(3, await db.OutboxMessages.CountAsync(m => m.Kind == "report.updated", Token));
        Assert.Equal(EnforcementState.ReferredToLawEnforcement, (await db.Sellers.AsNoTracking().SingleAsync(s => s.Id == seller, Token)).State);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_decision_without_a_reason_is_refused_and_changes_nothing(string? reason)
    {
        var seller = await data.SellerAsync("Deals Direct");
        await data.ReportAsync(Camille, sellerId: seller);

        var result = await data.Enforcement.ApplyAsync(seller, EnforcementAction.Warn, reason, Admin, Token);

        Assert.Equal(SellerResult.ReasonRequired, result.Status);
        await AssertUntouchedAsync(seller);
    }

    [Fact]
    public async Task A_reason_over_the_limit_is_refused_and_an_unknown_seller_is_not_found()
    {
        var seller = await data.SellerAsync("Deals Direct");

        Assert.Equal(SellerResult.ReasonTooLong, (await data.Enforcement.ApplyAsync(seller, EnforcementAction.Warn, new string('x', SellerAction.ReasonMaxLength + 1), Admin, Token)).Status);
        Assert.Equal(SellerResult.NotFound, (await data.Enforcement.ApplyAsync(seller + 100, EnforcementAction.Warn, "Reason", Admin, Token)).Status);
        Assert.Null(await data.Enforcement.PreviewAsync(seller + 100, Token));
    }

    [Fact]
    public async Task No_violation_found_resolves_the_open_reports_as_such_and_clears_the_sellers_state()
    {
        var seller = await data.SellerAsync("Deals Direct");
        await data.Enforcement.ApplyAsync(seller, EnforcementAction.Warn, "First complaint.", Admin, Token);
        var report = await data.ReportAsync(Dominique, sellerId: seller);

        var result = await data.Enforcement.ApplyAsync(seller, EnforcementAction.NoViolationFound, "The sender is a lookalike domain.", Admin, Token);

        Assert.Equal(new EnforcementResult(SellerResult.Done, 1, 1), result);
        await using var db = data.NewContext();
        var stored = await db.AbuseReports.AsNoTracking().SingleAsync(r => r.Id == report.Id, Token);
        Assert.Equal((ReportState.NoViolation, ReportOutcome.NoViolationFound), (stored.State, stored.Outcome));
        Assert.Equal(EnforcementState.None, (await db.Sellers.AsNoTracking().SingleAsync(s => s.Id == seller, Token)).State);
        Assert.Equal(2, await db.SellerActions.CountAsync(a => a.SellerId == seller, Token));
    }

    [Fact]
    public async Task A_report_whose_reporter_erased_their_account_gets_the_outcome_without_an_email()
    {
        var seller = await data.SellerAsync("Deals Direct");
        var anonymous = await data.ReportAsync(reporterId: null, sellerId: seller);
        await data.ReportAsync(Dominique, sellerId: seller);

        Assert.Equal(new EnforcementPreview(2, 1), await data.Enforcement.PreviewAsync(seller, Token));
        var result = await data.Enforcement.ApplyAsync(seller, EnforcementAction.Suspend, "Repeated complaints.", Admin, Token);

        Assert.Equal(new EnforcementResult(SellerResult.Done, 2, 1), result);
        await using var db = data.NewContext();
        Assert.Equal(ReportOutcome.SellerSuspended, (await db.AbuseReports.AsNoTracking().SingleAsync(r => r.Id == anonymous.Id, Token)).Outcome);
        Assert.Equal(["dominique@example.org"], await db.OutboxMessages.Select(m => m.Recipient!).ToListAsync(Token));
    }

    [Fact]
    public async Task A_failure_midway_leaves_nothing_half_done()
    {
        var seller = await data.SellerAsync("Deals Direct");
        await data.ReportAsync(Camille, sellerId: seller);
        await data.ReportAsync(Dominique, sellerId: seller);
        await data.ReportAsync(Emma, sellerId: seller);
        await using (var db = data.NewContext())
        {
            // A real database failure on the last reporter's email, after the other reports were changed in the same save.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER fail_third_email BEFORE INSERT ON OutboxMessages WHEN NEW.Recipient = 'emma@example.org' BEGIN SELECT RAISE(ABORT, 'disk full'); END;", Token);
        }

        await Assert.ThrowsAsync<DbUpdateException>(() => data.Enforcement.ApplyAsync(seller, EnforcementAction.Ban, "Sold the leaked list.", Admin, Token));

        await AssertUntouchedAsync(seller);
    }

    private async Task AssertUntouchedAsync(long seller)
    {
        await using var db = data.NewContext();
        Assert.All(await db.AbuseReports.AsNoTracking().Where(r => r.SellerId == seller).ToListAsync(Token),
            r => Assert.Equal((ReportState.Submitted, ReportOutcome.None), (r.State, r.Outcome)));
        Assert.Equal(0, await db.ReportEvents.CountAsync(e => e.Kind == ReportEventKind.OutcomeSet, Token));
        Assert.Equal(0, await db.OutboxMessages.CountAsync(Token));
        Assert.Equal(0, await db.SellerActions.CountAsync(Token));
        Assert.Equal(EnforcementState.None, (await db.Sellers.AsNoTracking().SingleAsync(s => s.Id == seller, Token)).State);
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action == "seller.enforce" || a.Action == "report.resolve", Token));
    }
}
