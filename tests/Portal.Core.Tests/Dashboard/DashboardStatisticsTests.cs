using Microsoft.Extensions.Time.Testing;
using Portal.Core.Dashboard;
using Portal.Core.Incidents;
using Portal.Core.Notifications;
using Portal.Core.Reports;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Dashboard;

/// <summary>The dashboard's figures from known reports, events and notices on a migrated SQLite file.</summary>
public sealed class DashboardStatisticsTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private TestDatabase database = null!;
    private DashboardStatistics statistics = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("dashboard");
        statistics = new DashboardStatistics(database.Factory, clock);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task With_no_data_every_figure_is_empty_and_every_day_counts_zero()
    {
        var figures = await statistics.ReadAsync(30, Token);

        Assert.Equal(30, figures.ReportsPerDay.Count);
        Assert.Equal(new DateOnly(2026, 10, 30), figures.ReportsPerDay[0].Day);
        Assert.Equal(new DateOnly(2026, 11, 28), figures.ReportsPerDay[^1].Day);
        Assert.All(figures.ReportsPerDay, d => Assert.Equal(0, d.Count));
        Assert.Empty(figures.ByState);
        Assert.Empty(figures.TopSellers);
        Assert.Empty(figures.Campaigns);
        Assert.Null(figures.MedianFirstResponse);
        Assert.Null(figures.MedianResolution);
        Assert.Equal((0, 0), (figures.Open, figures.Overdue));
    }

    [Fact]
    public async Task Reports_are_counted_per_day_by_state_and_by_seller_within_the_period()
    {
        await SeedAsync(
            Report(Now.AddHours(-1), ReportState.Submitted, "Deal Galaxy"),
            Report(Now.AddHours(-2), ReportState.Submitted, "Deal Galaxy"),
            Report(Now.AddDays(-1), ReportState.InReview, "MegaSaver"),
            Report(Now.AddDays(-29).Date, ReportState.Closed, "MegaSaver"),
            Report(Now.AddDays(-29).Date.AddSeconds(-1), ReportState.Closed, "Deal Galaxy"),
            Report(Now.AddDays(-60), ReportState.Withdrawn, "Old Seller"));

        var month = await statistics.ReadAsync(30, Token);
        var quarter = await statistics.ReadAsync(90, Token);

        Assert.Equal(2, month.ReportsPerDay[^1].Count);
        Assert.Equal(1, month.ReportsPerDay[^2].Count);
        Assert.Equal(1, month.ReportsPerDay[0].Count);
        Assert.Equal(4, month.ReportsInPeriod);
        Assert.Equal(6, quarter.ReportsInPeriod);
        Assert.Equal(90, quarter.ReportsPerDay.Count);
        Assert.Equal(new Dictionary<ReportState, int> { [ReportState.Submitted] = 2, [ReportState.InReview] = 1, [ReportState.Closed] = 2, [ReportState.Withdrawn] = 1 }, month.ByState);
        Assert.Equal([new SellerCount("Deal Galaxy", 2), new SellerCount("MegaSaver", 2)], month.TopSellers);
        Assert.Equal([new SellerCount("Deal Galaxy", 3), new SellerCount("MegaSaver", 2), new SellerCount("Old Seller", 1)], quarter.TopSellers);
        Assert.Equal(3, month.Open);
    }

    [Fact]
    public async Task A_report_linked_to_a_seller_counts_under_that_seller_whatever_its_reporter_called_it()
    {
        await using (var db = database.NewContext())
        {
            var seller = new Portal.Core.Sellers.Seller { Name = "MegaSaver Ltd", CreatedAt = Now, UpdatedAt = Now };
            db.Sellers.Add(seller);
            await db.SaveChangesAsync(Token);
            var linked = Report(Now.AddHours(-1), ReportState.InReview, "Mega saver");
            linked.SellerId = seller.Id;
            db.AbuseReports.AddRange(linked, Report(Now.AddHours(-2), ReportState.Submitted, "Deal Galaxy"), Report(Now.AddHours(-3), ReportState.Submitted));
            await db.SaveChangesAsync(Token);
        }

        var figures = await statistics.ReadAsync(30, Token);

        Assert.Equal([new SellerCount("Deal Galaxy", 1), new SellerCount("MegaSaver Ltd", 1)], figures.TopSellers);
    }

    [Fact]
    public async Task Overdue_counts_open_reports_past_their_due_date_only()
    {
        await SeedAsync(
            Report(Now.AddHours(-30), ReportState.Submitted, due: Now.AddHours(-6)),
            Report(Now.AddHours(-25), ReportState.InReview, due: Now.AddHours(-1)),
            Report(Now.AddHours(-2), ReportState.Submitted, due: Now.AddHours(22)),
            Report(Now.AddHours(-40), ReportState.ActionTaken, due: Now.AddHours(-16)));

        var figures = await statistics.ReadAsync(30, Token);

        Assert.Equal(2, figures.Overdue);
        Assert.Equal(3, figures.Open);
    }

    [Fact]
    public async Task The_medians_take_the_first_staff_reply_or_state_change_and_the_closing_of_resolved_reports()
    {
        var start = Now.AddDays(-5);
        // First responses after 1 h (a reply), 3 h (a state change) and 5 h (an outcome); the reporter's own comment
        // and a staff note are not responses; the fourth report has none yet.
        var a = Report(start, ReportState.ActionTaken, closed: start.AddHours(10));
        var b = Report(start, ReportState.NoViolation, closed: start.AddHours(20));
        var c = Report(start, ReportState.Closed, closed: start.AddHours(40));
        var d = Report(start, ReportState.Withdrawn, closed: start.AddHours(1));
        await SeedAsync(a, b, c, d);
        await AddEventsAsync(
            Event(a, start.AddMinutes(30), ReportEventKind.Comment, byReporter: true),
            Event(a, start.AddMinutes(40), ReportEventKind.Note),
            Event(a, start.AddHours(1), ReportEventKind.Reply),
            Event(a, start.AddHours(2), ReportEventKind.StateChanged),
            Event(b, start.AddHours(3), ReportEventKind.StateChanged),
            Event(c, start.AddHours(5), ReportEventKind.OutcomeSet),
            Event(d, start.AddHours(1), ReportEventKind.Withdrawn, byReporter: true));

        var figures = await statistics.ReadAsync(30, Token);

        Assert.Equal(TimeSpan.FromHours(3), figures.MedianFirstResponse);
        // Withdrawn by its reporter is not a resolution: the median of 10, 20 and 40 hours.
        Assert.Equal(TimeSpan.FromHours(20), figures.MedianResolution);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_two_middle_values()
    {
        Assert.Equal(TimeSpan.FromHours(2.5), DashboardStatistics.Median([TimeSpan.FromHours(4), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3)]));
        Assert.Null(DashboardStatistics.Median([]));
    }

    [Fact]
    public async Task Campaign_delivery_shows_sent_failed_and_pending_of_the_latest_campaigns_newest_first()
    {
        await using (var db = database.NewContext())
        {
            for (var i = 1; i <= 4; i++)
            {
                var incident = new Incident { Slug = $"leak-{i}", CreatedAt = Now, UpdatedAt = Now };
                db.Incidents.Add(incident);
                await db.SaveChangesAsync(Token);
                var campaign = new Campaign { IncidentId = incident.Id, State = CampaignState.Sending, AudienceCount = 10 * i, PreparedById = "admin", PreparedByName = "Admin", PreparedAt = Now };
                db.Campaigns.Add(campaign);
                await db.SaveChangesAsync(Token);
                var states = Enumerable.Repeat(NoticeState.Sent, i).Concat(Enumerable.Repeat(NoticeState.Failed, 1)).Concat(Enumerable.Repeat(NoticeState.Queued, 2));
                foreach (var (state, n) in states.Select((s, n) => (s, n)))
                {
                    var address = new Portal.Core.Exposure.ExposedAddress { IncidentId = incident.Id, AddressHash = [.. Enumerable.Repeat((byte)(i * 16 + n), 32)] };
                    db.ExposedAddresses.Add(address);
                    await db.SaveChangesAsync(Token);
                    db.Notices.Add(new Notice
                    {
                        CampaignId = campaign.Id,
                        ExposedAddressId = address.Id,
                        Reference = $"N-{i:D4}-{n:D4}",
                        AddressHash = address.AddressHash,
                        MaskedAddress = "a•••@e•••.com",
                        Culture = "en",
                        State = state,
                        CreatedAt = Now,
                        NextAttemptAt = Now,
                    });
                }

                await db.SaveChangesAsync(Token);
            }
        }

        var figures = await statistics.ReadAsync(30, Token);

        Assert.Equal(["leak-4", "leak-3", "leak-2"], figures.Campaigns.Select(c => c.IncidentSlug));
        // Audience 40: 4 sent, 1 failed, the rest (queued or not yet queued) pending.
        Assert.Equal((4, 1, 35), (figures.Campaigns[0].Sent, figures.Campaigns[0].Failed, figures.Campaigns[0].Pending));
        Assert.Equal((2, 1, 17), (figures.Campaigns[2].Sent, figures.Campaigns[2].Failed, figures.Campaigns[2].Pending));
    }

    private async Task SeedAsync(params AbuseReport[] reports)
    {
        await using var db = database.NewContext();
        db.AbuseReports.AddRange(reports);
        await db.SaveChangesAsync(Token);
    }

    private async Task AddEventsAsync(params ReportEvent[] events)
    {
        await using var db = database.NewContext();
        db.ReportEvents.AddRange(events);
        await db.SaveChangesAsync(Token);
    }

    private static ReportEvent Event(AbuseReport report, DateTime at, ReportEventKind kind, bool byReporter = false) =>
        new() { ReportId = report.Id, At = at, Kind = kind, ByReporter = byReporter, ReporterVisible = kind != ReportEventKind.Note };

    private static int sequence;

    private static AbuseReport Report(DateTime created, ReportState state, string? seller = null, DateTime? due = null, DateTime? closed = null)
    {
        var n = Interlocked.Increment(ref sequence);
        return new AbuseReport
        {
            Reference = $"AR-{n:D4}-0000",
            State = state,
            ClaimedSeller = seller,
            MessageSha256 = new string('0', 64),
            CreatedAt = created,
            UpdatedAt = created,
            DueAt = due ?? created.AddHours(24),
            ClosedAt = closed ?? (ReportStates.IsFinished(state) ? created.AddHours(1) : null),
        };
    }
}
