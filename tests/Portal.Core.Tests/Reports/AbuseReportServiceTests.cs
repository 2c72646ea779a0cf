using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Identity;
using Portal.Core.Reports;
using Portal.Core.Tests.Infrastructure;
using Portal.Core.Triage;

namespace Portal.Core.Tests.Reports;

public sealed class AbuseReportServiceTests : IAsyncLifetime
{
    private const string Camille = "camille-id";
    private const string Dominique = "dominique-id";
    private const string Agent = "agent-id";

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider emailServices = ComposerServices.Create();

    private TestDatabase database = null!;
    private AbuseReportService service = null!;

    private CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("reports");
        await using var db = database.NewContext();
        db.Users.AddRange(
            User(Camille, "customer@demo.example", "fr"),
            User(Dominique, "dominique@example.org", "en"),
            User(Agent, "agent@example.org", "en"));
        await db.SaveChangesAsync(Token);
        service = new AbuseReportService(
            database.Factory,
            emailServices.GetRequiredService<EmailComposer>(),
            new EmailOutbox(Options.Create(new EmailOptions { MessageIdDomain = "portal.example" }), clock),
            Options.Create(new ReportOptions()),
            Options.Create(new TriageOptions()),
            clock);
    }

    public async ValueTask DisposeAsync()
    {
        await emailServices.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Hostile_input_in_every_field_of_a_typed_in_report_is_refused_or_stored_whole_never_half()
    {
        var outcomes = new Dictionary<SubmitStatus, int>();
        foreach (var input in HostileInputs.Corpus)
        {
            foreach (var draft in new[]
            {
                Paste() with { SenderAddress = input },
                Paste() with { Subject = input },
                Paste() with { Text = input },
                Paste() with { ClaimedSeller = input, Comment = input },
            })
            {
                var result = await service.SubmitAsync(Dominique, draft, Token);
                outcomes[result.Status] = outcomes.GetValueOrDefault(result.Status) + 1;
                Assert.True(result.Status is SubmitStatus.Created or SubmitStatus.InvalidFields, $"{result.Status} for {draft}");
            }
        }

        Assert.True(outcomes.GetValueOrDefault(SubmitStatus.Created) > 0 && outcomes.GetValueOrDefault(SubmitStatus.InvalidFields) > 0);
        await using var db = database.NewContext();
        // Every report that exists is whole: its submission event, its message and its confirmation email.
        var reports = await db.AbuseReports.Include(r => r.Events).Include(r => r.Messages).ToListAsync(Token);
        Assert.Equal(outcomes[SubmitStatus.Created], reports.Count);
        Assert.All(reports, r => Assert.Contains(r.Events, e => e.Kind == ReportEventKind.Submitted));
        Assert.All(reports, r => Assert.Single(r.Messages));
        Assert.Equal(reports.Count, await db.OutboxMessages.CountAsync(Token));
    }

    [Fact]
    public async Task Hostile_input_in_the_headers_and_body_of_an_uploaded_message_is_refused_or_stored_whole()
    {
        var created = 0;
        foreach (var (input, i) in HostileInputs.Corpus.Select((input, i) => (input, i)))
        {
            var eml = Encoding.UTF8.GetBytes(
                $"From: {input} <seller{i}@deals-seller.example>\r\nTo: customer@demo.example\r\nSubject: {input}\r\n" +
                $"Message-ID: <hostile-{i}@deals-seller.example>\r\nDate: Fri, 20 Nov 2026 10:00:00 +0000\r\n" +
                $"Content-Type: text/html; charset=utf-8\r\n\r\n<p>{input}</p>\r\n");

            var result = await service.SubmitAsync(Camille, Upload(eml, input), Token);

            Assert.True(result.Status is SubmitStatus.Created or SubmitStatus.InvalidMessage or SubmitStatus.InvalidFields, $"{result.Status} for input {i}");
            created += result.Status == SubmitStatus.Created ? 1 : 0;
        }

        Assert.True(created > 0);
        await using var db = database.NewContext();
        Assert.Equal(created, await db.AbuseReports.CountAsync(Token));
        Assert.Equal(created, await db.ReportMessageContents.CountAsync(Token));
        Assert.Equal(created, await db.OutboxMessages.CountAsync(Token));
    }

    private static ReportDraft Paste() => new()
    {
        Source = ReportSource.Paste,
        SenderAddress = "offers@deals-seller.example",
        Subject = "Your exclusive offer",
        ReceivedOn = new DateOnly(2026, 11, 20),
        Text = "Buy now.",
    };

    [Fact]
    public async Task Raw_messages_are_deleted_a_set_number_of_days_after_their_report_closed_and_the_rest_stays()
    {
        var closedLongAgo = (await service.SubmitAsync(Camille, Upload(ReportFixtures.Read("gmail-seller-offer.eml")), Token)).Reference!;
        var closedRecently = (await service.SubmitAsync(Dominique, Upload(ReportFixtures.Read("outlook-marketplace-promo.eml")), Token)).Reference!;
        var open = (await service.SubmitAsync(Camille, Upload(ReportFixtures.Read("apple-mail-newsletter.eml")), Token)).Reference!;
        await service.WithdrawAsync(Camille, closedLongAgo, Token);
        clock.Advance(TimeSpan.FromDays(85));
        await service.WithdrawAsync(Dominique, closedRecently, Token);
        clock.Advance(TimeSpan.FromDays(6));
        var retention = new ReportRetention(database.Factory, Options.Create(new ReportOptions { RawRetentionDays = 90 }), clock);

        Assert.Equal(1, await retention.PurgeAsync(Token));
        Assert.Equal(0, await retention.PurgeAsync(Token));

        await using var db = database.NewContext();
        var withRaw = await db.ReportMessageContents.Join(db.ReportMessages, c => c.ReportMessageId, m => m.Id, (_, m) => m.ReportId)
            .Join(db.AbuseReports, id => id, r => r.Id, (_, r) => r.Reference).ToListAsync(Token);
        Assert.Equal(new[] { closedRecently, open }.Order(), withRaw.Order());
        var purged = await db.AbuseReports.Include(r => r.Messages).Include(r => r.Events).SingleAsync(r => r.Reference == closedLongAgo, Token);
        Assert.Equal(purged.MessageSha256, purged.Messages.Single().Sha256);
        Assert.NotNull(purged.Messages.Single().EvidenceJson);
        Assert.Contains(purged.Events, e => e.Kind == ReportEventKind.Withdrawn);
    }

    [Fact]
    public async Task An_upload_becomes_a_report_with_its_evidence_raw_message_and_a_confirmation_in_the_reporters_language()
    {
        var eml = ReportFixtures.Read("gmail-seller-offer.eml");

        var result = await service.SubmitAsync(Camille, Upload(eml, "Vu sur mon téléphone"), Token);

        Assert.Equal(SubmitStatus.Created, result.Status);
        Assert.Matches("^AR-[0-9A-Z]{4}-[0-9A-Z]{4}$", result.Reference);
        await using var db = database.NewContext();
        var report = await db.AbuseReports.Include(r => r.Events).SingleAsync(Token);
        Assert.Equal(result.Reference, report.Reference);
        Assert.Equal(ReportState.Submitted, report.State);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddHours(24), report.DueAt);
        Assert.Null(report.AssigneeId);
        Assert.Equal(EvidenceParser.Sha256Hex(eml), report.MessageSha256);
        Assert.Equal("deals-seller.example", report.SenderDomain);
        Assert.Equal("deals-seller.example", report.DkimDomain);
        Assert.Equal("mail.deals-seller.example", report.ReturnPathDomain);
        Assert.Equal("192.0.2.10", report.OriginatingIp);
        Assert.True(report.AddressedToReporter);
        Assert.Equal(eml, await db.ReportMessageContents.Select(c => c.Bytes).SingleAsync(Token));
        Assert.Equal([ReportEventKind.Submitted, ReportEventKind.Comment], report.Events.OrderBy(e => e.Id).Select(e => e.Kind));
        var email = await db.OutboxMessages.SingleAsync(Token);
        Assert.Equal("customer@demo.example", email.Recipient);
        Assert.Equal("fr", email.Culture);
        Assert.Equal("Votre signalement à Northwind Market Care a bien été reçu", email.Subject);
        Assert.Contains(result.Reference!, email.TextBody);
        Assert.DoesNotContain("http", email.TextBody.Split("-- \n")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_message_twice_from_one_reporter_is_refused_with_the_first_reference_and_from_another_is_marked()
    {
        var eml = ReportFixtures.Read("apple-mail-newsletter.eml");
        var first = await service.SubmitAsync(Camille, Upload(eml), Token);

        var again = await service.SubmitAsync(Camille, Upload(eml, "again"), Token);
        var other = await service.SubmitAsync(Dominique, Upload(eml), Token);

        Assert.Equal(new SubmitResult(SubmitStatus.AlreadyReported, first.Reference), again);
        Assert.Equal(SubmitStatus.Created, other.Status);
        await using var db = database.NewContext();
        var reports = await db.AbuseReports.OrderBy(r => r.Id).ToListAsync(Token);
        Assert.Equal(2, reports.Count);
        Assert.Null(reports[0].SameMessageAsId);
        Assert.Equal(reports[0].Id, reports[1].SameMessageAsId);
        Assert.False(reports[1].AddressedToReporter);
        Assert.Equal(2, await db.OutboxMessages.CountAsync(Token));
    }

    [Theory]
    [InlineData("empty.eml", EvidenceError.Empty)]
    [InlineData("binary.eml", EvidenceError.NotAMessage)]
    [InlineData("zip-renamed.eml", EvidenceError.NotAMessage)]
    [InlineData("broken-headers.eml", EvidenceError.BrokenHeaders)]
    [InlineData("eight-bit-headers.eml", EvidenceError.EightBitHeaders)]
    public async Task A_bad_upload_stores_nothing(string fixture, EvidenceError error)
    {
        var result = await service.SubmitAsync(Camille, Upload(ReportFixtures.Read(fixture)), Token);

        Assert.Equal(new SubmitResult(SubmitStatus.InvalidMessage, Error: error), result);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_upload_over_the_configured_limit_stores_nothing()
    {
        var tooLarge = new byte[new ReportOptions().MaxUploadBytes + 1];
        ReportFixtures.Read("gmail-seller-offer.eml").CopyTo(tooLarge, 0);

        var result = await service.SubmitAsync(Camille, Upload(tooLarge), Token);

        Assert.Equal(EvidenceError.TooLarge, result.Error);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_pasted_message_is_validated_and_kept_as_text()
    {
        var wrong = await service.SubmitAsync(Camille, new ReportDraft { Source = ReportSource.Paste, SenderAddress = "not an address", Text = " ", ReceivedOn = new DateOnly(2026, 12, 1) }, Token);
        Assert.Equal(SubmitStatus.InvalidFields, wrong.Status);
        Assert.Equal([ReportField.Sender, ReportField.ReceivedOn, ReportField.Text], wrong.Fields);
        await AssertNothingStoredAsync();

        var result = await service.SubmitAsync(Camille, new ReportDraft
        {
            Source = ReportSource.Paste,
            SenderAddress = "Promo <Promo@Seller.example>",
            Subject = "Hello",
            ReceivedOn = new DateOnly(2026, 11, 27),
            Text = "Buy now at https://seller.example",
            ClaimedSeller = "Seller Ltd",
        }, Token);

        Assert.Equal(SubmitStatus.Created, result.Status);
        await using var db = database.NewContext();
        var report = await db.AbuseReports.SingleAsync(Token);
        Assert.Equal(("promo@seller.example", "seller.example", "Seller Ltd"), (report.SenderAddress, report.SenderDomain, report.ClaimedSeller));
        Assert.Null(report.MessageId);
        Assert.Equal("Buy now at https://seller.example", Encoding.UTF8.GetString(await db.ReportMessageContents.Select(c => c.Bytes).SingleAsync(Token)));
    }

    [Fact]
    public async Task A_reporter_sees_and_changes_only_their_own_open_report()
    {
        var reference = (await service.SubmitAsync(Camille, Upload(ReportFixtures.Read("gmail-seller-offer.eml")), Token)).Reference!;
        var id = (await service.FindForReporterAsync(Camille, reference, Token))!.Report.Id;

        Assert.Null(await service.FindForReporterAsync(Dominique, reference, Token));
        Assert.Null(await service.FindForReporterAsync(Dominique, id.ToString(System.Globalization.CultureInfo.InvariantCulture), Token));
        Assert.NotNull(await service.FindForReporterAsync(Camille, id.ToString(System.Globalization.CultureInfo.InvariantCulture), Token));
        var messageId = (await service.FindForReporterAsync(Camille, reference, Token))!.Messages[0].Id;
        Assert.Null(await service.RawMessageAsync(messageId, Dominique, asStaff: false, Token));
        Assert.NotNull(await service.RawMessageAsync(messageId, Agent, asStaff: true, Token));
        Assert.Equal(ReportChange.NotFound, (await service.WithdrawAsync(Dominique, reference, Token)).Status);
        Assert.Equal(ReportChange.NotFound, (await service.AddInformationAsync(Dominique, reference, "mine?", null, null, Token)).Status);

        Assert.Equal(ReportChange.Done, (await service.AddInformationAsync(Camille, reference, "It came twice.", ReportFixtures.Read("outlook-marketplace-promo.eml"), "second.eml", Token)).Status);
        Assert.Equal(ReportChange.InvalidMessage, (await service.AddInformationAsync(Camille, reference, null, ReportFixtures.Read("zip-renamed.eml"), "x.eml", Token)).Status);
        Assert.Equal(ReportChange.Done, (await service.WithdrawAsync(Camille, reference, Token)).Status);
        Assert.Equal(ReportChange.NotAllowed, (await service.WithdrawAsync(Camille, reference, Token)).Status);
        Assert.Equal(ReportChange.NotAllowed, (await service.AddInformationAsync(Camille, reference, "later", null, null, Token)).Status);

        var view = (await service.FindForReporterAsync(Camille, reference, Token))!;
        Assert.Equal(ReportState.Withdrawn, view.Report.State);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, view.Report.ClosedAt);
        Assert.Equal(2, view.Messages.Count);
        Assert.Equal([ReportEventKind.Submitted, ReportEventKind.MessageAdded, ReportEventKind.Comment, ReportEventKind.Withdrawn], view.Events.Select(e => e.Kind));
        await using var db = database.NewContext();
        // Only the confirmation: the reporter's own changes are not emailed back to them.
        Assert.Equal(1, await db.OutboxMessages.CountAsync(Token));
    }

    [Fact]
    public async Task Staff_changes_follow_the_legal_transitions_and_each_visible_one_emails_the_reporter_in_their_language()
    {
        var reference = (await service.SubmitAsync(Camille, Upload(ReportFixtures.Read("french-encoded-words.eml")), Token)).Reference!;
        var id = (await service.FindForReporterAsync(Camille, reference, Token))!.Report.Id;

        Assert.Equal(ReportChange.NotAllowed, (await service.ChangeStateAsync(id, ReportState.Closed, Agent, null, Token)).Status);
        Assert.Equal(ReportChange.NotAllowed, (await service.ChangeStateAsync(id, ReportState.Withdrawn, Agent, null, Token)).Status);
        Assert.Equal(ReportChange.Done, (await service.ChangeStateAsync(id, ReportState.InReview, Agent, null, Token)).Status);
        Assert.Equal(ReportChange.Done, (await service.AddInternalNoteAsync(id, "Same seller as last week.", Agent, Token)).Status);
        Assert.Equal(ReportChange.Done, (await service.AddReporterVisibleEventAsync(id, "Merci, nous examinons ce vendeur.", Agent, Token)).Status);
        clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(ReportChange.Done, (await service.ResolveAsync(id, ReportOutcome.SellerBanned, Agent, null, Token)).Status);
        Assert.Equal(ReportChange.NotAllowed, (await service.ResolveAsync(id, ReportOutcome.SellerWarned, Agent, null, Token)).Status);
        Assert.Equal(ReportChange.NotAllowed, (await service.WithdrawAsync(Camille, reference, Token)).Status);

        var view = (await service.FindForReporterAsync(Camille, reference, Token))!;
        Assert.Equal((ReportState.ActionTaken, ReportOutcome.SellerBanned), (view.Report.State, view.Report.Outcome));
        Assert.DoesNotContain(view.Events, e => e.Kind == ReportEventKind.Note);
        await using var db = database.NewContext();
        Assert.Equal(1, await db.ReportEvents.CountAsync(e => e.Kind == ReportEventKind.Note && !e.ReporterVisible, Token));
        var emails = await db.OutboxMessages.Where(m => m.Kind == "report.updated").OrderBy(m => m.CreatedAt).ToListAsync(Token);
        Assert.Equal(3, emails.Count);
        Assert.All(emails, e => Assert.Equal(("fr", "customer@demo.example"), (e.Culture, e.Recipient)));
        Assert.Contains("Statut passé à « En cours d'examen »", emails[0].TextBody);
        Assert.Contains("Merci, nous examinons ce vendeur.", emails[1].TextBody);
        Assert.Contains("Le vendeur a été exclu de la place de marché le 3 décembre 2026.", emails[2].TextBody);
        Assert.All(emails, e => Assert.DoesNotContain("Same seller as last week.", e.TextBody));
    }

    private async Task AssertNothingStoredAsync()
    {
        await using var db = database.NewContext();
        Assert.Equal(0, await db.AbuseReports.CountAsync(Token));
        Assert.Equal(0, await db.ReportMessages.CountAsync(Token));
        Assert.Equal(0, await db.ReportMessageContents.CountAsync(Token));
        Assert.Equal(0, await db.ReportEvents.CountAsync(Token));
        Assert.Equal(0, await db.OutboxMessages.CountAsync(Token));
    }

    private static ReportDraft Upload(byte[] eml, string? comment = null) =>
        new() { Source = ReportSource.Upload, Eml = eml, FileName = "message.eml", Comment = comment };

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
