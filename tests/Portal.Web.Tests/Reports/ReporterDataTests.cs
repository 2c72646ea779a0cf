using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Reports;
using Portal.Core.Tests.Reports;
using Portal.Web.Tests.Account;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Reports;

/// <summary>
/// A reporter's data: in their personal-data download while the account lives; after deleting the account through its
/// page, the reports stay with nothing left that identifies the reporter.
/// </summary>
public sealed class ReporterDataTests : IAsyncLifetime
{
    // The fixture was sent to this address (To and Delivered-To).
    private const string FixtureRecipient = "customer@demo.example";
    private const string Comment = "I am Jane Example, call me on 0612345678.";

    private readonly PortalAppFactory portal = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => portal.DisposeAsync();

    [Fact]
    public async Task Reports_are_in_the_download_and_outlive_the_account_without_the_reporter_their_messages_or_their_words()
    {
        var email = TestAccounts.NewEmail("leaving");
        var user = await TestAccounts.CreateAsync(portal, email);
        var submitted = await portal.WithScopeAsync(services => services.GetRequiredService<AbuseReportService>().SubmitAsync(user.Id, new ReportDraft
        {
            Source = ReportSource.Upload,
            Eml = ReportFixtures.Read("gmail-seller-offer.eml"),
            FileName = "offer.eml",
            Comment = Comment,
        }, Token));
        using var client = portal.CreateFormClient();
        await TestAccounts.SignInOrFailAsync(client, email);
        using (var data = await TestAccounts.DownloadPersonalDataAsync(client))
        {
            var report = data.RootElement.GetProperty("Reports").EnumerateArray().Single();
            Assert.Equal(submitted.Reference, report.GetProperty("Reference").GetString());
            Assert.Equal("Submitted", report.GetProperty("State").GetString());
            Assert.Contains(report.GetProperty("OwnEntries").EnumerateArray(), entry => entry.GetProperty("Text").GetString() == Comment);
        }

        var deleted = await client.PostFormAsync("Account/Manage/DeletePersonalData", "delete-user", new Dictionary<string, string> { ["Input.Password"] = TestAccounts.Password });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Contains("Account/Login", deleted.RedirectPath, StringComparison.OrdinalIgnoreCase);
        await portal.WithDbAsync(async db =>
        {
            Assert.False(await db.Users.AnyAsync(u => u.Email == email, Token));
            var report = await db.AbuseReports.Include(r => r.Events).Include(r => r.Messages).SingleAsync(r => r.Reference == submitted.Reference, Token);
            Assert.Null(report.ReporterId);
            Assert.Equal(EvidenceSha(report), report.MessageSha256);
            Assert.Equal(0, await db.ReportMessageContents.CountAsync(Token));
            Assert.DoesNotContain(report.Events, e => e.ByReporter && (e.Text != null || e.ActorId != null));
            Assert.Contains(report.Events, e => e.Kind == ReportEventKind.Submitted);
            var evidence = System.Text.Json.JsonSerializer.Deserialize<ReportEvidence>(report.Messages.Single().EvidenceJson!)!;
            Assert.Empty(evidence.Recipients);
            Assert.NotNull(evidence.SenderAddress);
            foreach (var text in report.Messages.Select(m => m.EvidenceJson).Concat(report.Events.Select(e => e.Text)))
            {
                Assert.DoesNotContain(FixtureRecipient, text ?? "", StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("0612345678", text ?? "", StringComparison.Ordinal);
            }

            return true;
        });
    }

    /// <summary>The evidence hash stays: it is what ties the report to the message the seller sent.</summary>
    private static string EvidenceSha(AbuseReport report) => report.Messages.Single().Sha256;
}
