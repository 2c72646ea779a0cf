using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Identity;
using Portal.Core.Reports;
using Portal.Core.Sellers;
using Portal.Core.Tests.Infrastructure;
using Portal.Core.Triage;

namespace Portal.Core.Tests.Sellers;

/// <summary>A migrated SQLite file with three reporters (two French, one English), the real report service and the seller services.</summary>
internal sealed class SellerTestData : IAsyncDisposable
{
    public const string Camille = "camille-id";
    public const string Dominique = "dominique-id";
    public const string Emma = "emma-id";

    public static readonly DateTime Now = new(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);
    public static readonly TriageActor Admin = new("admin-id", "Ada Admin");

    private readonly ServiceProvider emailServices = ComposerServices.Create();
    private int references;

    private SellerTestData(TestDatabase database)
    {
        Database = database;
        Reports = new AbuseReportService(
            database.Factory,
            emailServices.GetRequiredService<EmailComposer>(),
            new EmailOutbox(Options.Create(new EmailOptions { MessageIdDomain = "portal.example" }), Clock),
            Options.Create(new ReportOptions()),
            Options.Create(new TriageOptions()),
            Clock);
        Sellers = new SellerService(database.Factory, Clock);
        Enforcement = new SellerEnforcement(database.Factory, Reports, Clock);
        Pack = new SellerEvidencePack(database.Factory, Clock);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(Now));

    public TestDatabase Database { get; }

    public AbuseReportService Reports { get; }

    public SellerService Sellers { get; }

    public SellerEnforcement Enforcement { get; }

    public SellerEvidencePack Pack { get; }

    public static async Task<SellerTestData> CreateAsync(string name)
    {
        var data = new SellerTestData(await TestDatabase.CreateAsync(name));
        await using var db = data.Database.NewContext();
        db.Users.AddRange(
            User(Camille, "camille@example.org", "fr"),
            User(Dominique, "dominique@example.org", "en"),
            User(Emma, "emma@example.org", "fr"),
            User(Admin.Id, "admin@example.org", "en"));
        await db.SaveChangesAsync();
        return data;
    }

    public async Task<long> SellerAsync(string name)
    {
        var created = await Sellers.CreateAsync(name, null, Admin, CancellationToken.None);
        return created.Id!.Value;
    }

    /// <summary>A report with one uploaded message whose bytes name the given sender; linked to the seller if given.</summary>
    public async Task<AbuseReport> ReportAsync(string? reporterId, ReportState state = ReportState.Submitted, long? sellerId = null,
        string sender = "offers@deals.example", string? dkim = null, string? returnPath = null, string? ip = null, string? claimedSeller = null)
    {
        var reference = $"AR-TEST-{Interlocked.Increment(ref references):D4}";
        var bytes = System.Text.Encoding.UTF8.GetBytes($"From: {sender}\r\nTo: someone@example.org\r\nSubject: Offer {reference}\r\n\r\nBuy now.\r\n");
        var report = new AbuseReport
        {
            Reference = reference,
            ReporterId = reporterId,
            State = state,
            SellerId = sellerId,
            SenderAddress = sender,
            SenderDomain = sender[(sender.IndexOf('@') + 1)..],
            DkimDomain = dkim,
            ReturnPathDomain = returnPath,
            OriginatingIp = ip,
            ClaimedSeller = claimedSeller,
            Subject = "Offer " + reference,
            MessageSha256 = EvidenceParser.Sha256Hex(bytes),
            CreatedAt = Clock.GetUtcNow().UtcDateTime,
            UpdatedAt = Clock.GetUtcNow().UtcDateTime,
            ClosedAt = ReportStates.IsFinished(state) ? Clock.GetUtcNow().UtcDateTime : null,
        };
        report.Messages.Add(new ReportMessage
        {
            Source = ReportSource.Upload,
            AddedAt = report.CreatedAt,
            FileName = "offer.eml",
            Size = bytes.Length,
            Sha256 = report.MessageSha256,
            Content = new ReportMessageContent { Bytes = bytes },
        });
        report.Events.Add(new ReportEvent { At = report.CreatedAt, Kind = ReportEventKind.Submitted, ReporterVisible = true, State = ReportState.Submitted, ActorId = reporterId, ByReporter = true });
        report.Events.Add(new ReportEvent { At = report.CreatedAt, Kind = ReportEventKind.Note, ReporterVisible = false, Text = "Internal: looks like the list seller.", ActorId = Admin.Id });
        await using var db = Database.NewContext();
        db.AbuseReports.Add(report);
        await db.SaveChangesAsync();
        return report;
    }

    public PortalDbContext NewContext() => Database.NewContext();

    public async ValueTask DisposeAsync()
    {
        await emailServices.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static ApplicationUser User(string id, string email, string language) => new()
    {
        Id = id,
        UserName = email,
        NormalizedUserName = email.ToUpperInvariant(),
        Email = email,
        NormalizedEmail = email.ToUpperInvariant(),
        EmailConfirmed = true,
        DisplayName = "Test " + id,
        PreferredLanguage = language,
    };
}
