using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Reports;
using Portal.Core.Tests.Reports;
using Portal.Web.Features.Reports;
using Portal.Web.Tests.Account;
using Portal.Web.Tests.Hosting;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Reports;

/// <summary>
/// Over real HTTP: a customer reaches only their own reports. Another customer's report, by id or by reference, and
/// its raw message answer 404 exactly like ones that do not exist; staff downloads of the raw message are audited.
/// </summary>
public sealed class ReportPrivacyTests : IAsyncLifetime
{
    private readonly PortalAppFactory portal = new();
    private readonly byte[] eml = ReportFixtures.Read("gmail-seller-offer.eml");
    private string ownerEmail = "";
    private string reference = "";
    private long reportId;
    private long messageId;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        ownerEmail = TestAccounts.NewEmail("owner");
        var owner = await TestAccounts.CreateAsync(portal, ownerEmail);
        var result = await portal.WithScopeAsync(services =>
            services.GetRequiredService<AbuseReportService>().SubmitAsync(owner.Id, new ReportDraft { Source = ReportSource.Upload, Eml = eml, FileName = "offer.eml" }, Token));
        reference = result.Reference!;
        (reportId, messageId) = await portal.WithDbAsync(async db =>
        {
            var report = await db.AbuseReports.SingleAsync(r => r.Reference == reference, Token);
            return (report.Id, await db.ReportMessages.Where(m => m.ReportId == report.Id).Select(m => m.Id).SingleAsync(Token));
        });
    }

    public ValueTask DisposeAsync() => portal.DisposeAsync();

    [Fact]
    public async Task Another_customer_gets_404_for_the_report_by_reference_and_by_id_and_for_its_raw_message()
    {
        using var other = portal.CreateFormClient();
        var otherEmail = TestAccounts.NewEmail("other");
        await TestAccounts.CreateAsync(portal, otherEmail);
        await TestAccounts.SignInOrFailAsync(other, otherEmail);

        var byReference = await other.GetAsync($"reports/{reference}");
        var byLowerCaseReference = await other.GetAsync($"reports/{reference.ToLowerInvariant()}");
        var byId = await other.GetAsync($"reports/{reportId.ToString(CultureInfo.InvariantCulture)}");
        using var raw = await other.Http.GetAsync(RawMessageEndpoint.PathFor(messageId), Token);
        var missing = await other.GetAsync("reports/AR-0000-0000");

        Assert.Equal(HttpStatusCode.NotFound, byReference.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byLowerCaseReference.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byId.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // Nothing of the report shows (the address bar's own URL aside), and the page reads like the one for a report
        // that does not exist.
        Assert.DoesNotContain(reference, byReference.MainText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("deals-seller", byId.Html, StringComparison.Ordinal);
        Assert.Equal(missing.MainText, byReference.MainText);
        Assert.Equal(0, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(Token)));
    }

    [Fact]
    public async Task The_reporter_opens_the_report_by_reference_or_id_and_downloads_the_raw_message_unaudited()
    {
        using var owner = portal.CreateFormClient();
        await TestAccounts.SignInOrFailAsync(owner, ownerEmail);

        var page = await owner.GetAsync($"reports/{reference}");
        var byId = await owner.GetAsync($"reports/{reportId.ToString(CultureInfo.InvariantCulture)}");
        using var raw = await owner.Http.GetAsync(RawMessageEndpoint.PathFor(messageId), Token);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(reference, page.Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, byId.StatusCode);
        Assert.EndsWith($"/reports/{reference}", byId.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal("message/rfc822", raw.Content.Headers.ContentType!.MediaType);
        Assert.Equal(eml, await raw.Content.ReadAsByteArrayAsync(Token));
        Assert.Equal(0, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(Token)));
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_and_gets_no_raw_message()
    {
        using var anonymous = portal.CreateFormClient();

        var page = await anonymous.GetAsync($"reports/{reference}");
        using var raw = await anonymous.Http.GetAsync(RawMessageEndpoint.PathFor(messageId), Token);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.RedirectPath, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, raw.StatusCode);
        Assert.NotEqual(eml, await raw.Content.ReadAsByteArrayAsync(Token));
    }

    [Fact]
    public async Task A_staff_download_of_the_raw_message_is_audited()
    {
        var agentEmail = TestAccounts.NewEmail("agent");
        using var agent = portal.CreateFormClient();
        var key = await FormSignIn.CreateAccountAsync(portal.Services, agentEmail, PortalRoles.Agent, withAuthenticator: true);
        await FormSignIn.SignInAsync(agent.Http, agentEmail, key, "/");

        using var raw = await agent.Http.GetAsync(RawMessageEndpoint.PathFor(messageId), Token);

        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal(eml, await raw.Content.ReadAsByteArrayAsync(Token));
        var entry = await portal.WithDbAsync(db => db.AuditEntries.SingleAsync(Token));
        Assert.Equal((RawMessageEndpoint.AuditAction, $"report:{reference}", agentEmail), (entry.Action, entry.Target, entry.ActorName));
        Assert.Contains(EvidenceParser.Sha256Hex(eml), entry.Summary, StringComparison.Ordinal);
    }
}
