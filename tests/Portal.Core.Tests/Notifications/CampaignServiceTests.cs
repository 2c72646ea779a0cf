using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Data;
using Portal.Core.Exposure;
using Portal.Core.Incidents;
using Portal.Core.Notifications;
using Portal.Core.Tests.Email;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Notifications;

/// <summary>The workflow without sending: the host is built but not started, so no notice leaves.</summary>
public sealed class CampaignServiceTests : IAsyncLifetime
{
    private static readonly IncidentActor AdminA = new("admin-a", "Ada Admin");
    private static readonly IncidentActor AdminB = new("admin-b", "Bruno Backup");

    private readonly byte[] hashKey = RandomNumberGenerator.GetBytes(32);
    private TestDatabase database = null!;
    private IHost host = null!;
    private int incidentId;

    private CampaignService Campaigns => host.Services.GetRequiredService<CampaignService>();

    private IDbContextFactory<PortalDbContext> Contexts => host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("campaign");
        host = CampaignHost.Build(database.DatabaseOptions, database.Folder, LoopbackSmtpServer.UnusedPort(), hashKey);
        await using var db = database.NewContext();
        incidentId = await CampaignHost.AddIncidentAsync(db);
        await CampaignHost.AddAudienceAsync(Contexts, incidentId, new ExposureHasher(hashKey), 12);
    }

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Preparing_counts_the_audience_and_freezes_the_notice_in_both_languages()
    {
        var prepared = await Campaigns.PrepareAsync(incidentId, AdminA, TestContext.Current.CancellationToken);

        var campaign = Assert.IsType<Campaign>(prepared.Campaign);
        Assert.Equal((CampaignState.Draft, 12), (campaign.State, campaign.AudienceCount));
        Assert.Equal(["en", "fr"], campaign.Templates.Select(t => t.Culture).Order());
        var en = campaign.Templates.Single(t => t.Culture == "en").For("N-AAAA-BBBB");
        var fr = campaign.Templates.Single(t => t.Culture == "fr").For("N-AAAA-BBBB");
        Assert.Contains("An employee sold customers' email addresses", en.TextBody);
        Assert.Contains("Un employé a vendu", fr.TextBody);
        Assert.Contains("N-AAAA-BBBB", en.TextBody);
        Assert.Contains("N-AAAA-BBBB", fr.HtmlBody);
        // No link at all in a notice, and never a request for a password.
        Assert.DoesNotContain("href", en.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a ", fr.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("https://care.northwind-market.example", en.TextBody);
        Assert.Equal(CampaignAudit.Prepare, await LastAuditActionAsync());
    }

    [Fact]
    public async Task The_preparer_cannot_approve_and_another_admin_can()
    {
        var id = (await Campaigns.PrepareAsync(incidentId, AdminA, TestContext.Current.CancellationToken)).Campaign!.Id;

        Assert.Equal(CampaignError.SelfApproval, (await Campaigns.ApproveAsync(id, AdminA, TestContext.Current.CancellationToken)).Error);
        Assert.Equal(CampaignError.SelfApproval, (await Campaigns.ApproveAsync(id, new IncidentActor(null, "system"), TestContext.Current.CancellationToken)).Error);
        var approved = await Campaigns.ApproveAsync(id, AdminB, TestContext.Current.CancellationToken);

        Assert.True(approved.Succeeded);
        Assert.Equal((CampaignState.Approved, "admin-b", "Bruno Backup"), (approved.Campaign!.State, approved.Campaign.ApprovedById, approved.Campaign.ApprovedByName));
        Assert.Equal(CampaignAudit.Approve, await LastAuditActionAsync());
    }

    [Fact]
    public async Task Illegal_moves_are_refused_and_change_nothing()
    {
        var id = (await Campaigns.PrepareAsync(incidentId, AdminA, TestContext.Current.CancellationToken)).Campaign!.Id;

        Assert.Equal(CampaignError.IllegalTransition, (await Campaigns.StartAsync(id, AdminA, TestContext.Current.CancellationToken)).Error);
        Assert.Equal(CampaignError.IllegalTransition, (await Campaigns.PauseAsync(id, AdminA, TestContext.Current.CancellationToken)).Error);
        Assert.Equal(CampaignError.IllegalTransition, (await Campaigns.ResumeAsync(id, AdminA, TestContext.Current.CancellationToken)).Error);
        await Campaigns.ApproveAsync(id, AdminB, TestContext.Current.CancellationToken);
        Assert.Equal(CampaignError.IllegalTransition, (await Campaigns.ApproveAsync(id, AdminB, TestContext.Current.CancellationToken)).Error);
        Assert.Equal(CampaignError.IllegalTransition, (await Campaigns.ResumeAsync(id, AdminA, TestContext.Current.CancellationToken)).Error);
        Assert.True((await Campaigns.StartAsync(id, AdminA, TestContext.Current.CancellationToken)).Succeeded);
        Assert.Equal(CampaignError.IllegalTransition, (await Campaigns.StartAsync(id, AdminA, TestContext.Current.CancellationToken)).Error);
        Assert.Equal(CampaignError.NotFound, (await Campaigns.PauseAsync(id + 100, AdminA, TestContext.Current.CancellationToken)).Error);

        Assert.Equal(CampaignState.Sending, (await Campaigns.StatusAsync(id, TestContext.Current.CancellationToken))!.Campaign.State);
    }

    [Fact]
    public async Task Pause_resume_and_cancel_follow_the_workflow_and_cancelled_addresses_can_be_reached_later()
    {
        var id = (await Campaigns.PrepareAsync(incidentId, AdminA, TestContext.Current.CancellationToken)).Campaign!.Id;
        await Campaigns.ApproveAsync(id, AdminB, TestContext.Current.CancellationToken);
        await Campaigns.StartAsync(id, AdminA, TestContext.Current.CancellationToken);
        // The sender is not running: queue the audience by hand, as its first round would.
        var store = host.Services.GetRequiredService<NoticeStore>();
        Assert.Equal(12, await store.QueueNextChunkAsync(CancellationToken.None));
        Assert.Equal(0, await Campaigns.AudienceAsync(incidentId, TestContext.Current.CancellationToken));

        Assert.Equal(CampaignState.Paused, (await Campaigns.PauseAsync(id, AdminA, TestContext.Current.CancellationToken)).Campaign!.State);
        Assert.Empty((await store.ClaimAsync(CancellationToken.None)).Notices);
        Assert.Equal(CampaignState.Sending, (await Campaigns.ResumeAsync(id, AdminB, TestContext.Current.CancellationToken)).Campaign!.State);
        Assert.Equal(CampaignError.AlreadyActive, (await Campaigns.PrepareAsync(incidentId, AdminB, TestContext.Current.CancellationToken)).Error);
        Assert.Equal(CampaignState.Cancelled, (await Campaigns.CancelAsync(id, AdminB, TestContext.Current.CancellationToken)).Campaign!.State);

        var status = await Campaigns.StatusAsync(id, TestContext.Current.CancellationToken);
        Assert.Equal((0, 0, 12), (status!.Counts.Sent, status.Counts.Failed, status.Counts.Cancelled));
        Assert.Empty((await store.ClaimAsync(CancellationToken.None)).Notices);
        Assert.Equal(12, await Campaigns.AudienceAsync(incidentId, TestContext.Current.CancellationToken));
        Assert.True((await Campaigns.PrepareAsync(incidentId, AdminB, TestContext.Current.CancellationToken)).Succeeded);
        Assert.Equal(
            [CampaignAudit.Prepare, CampaignAudit.Approve, CampaignAudit.Start, CampaignAudit.Pause, CampaignAudit.Resume, CampaignAudit.Cancel, CampaignAudit.Prepare],
            await AuditActionsAsync());
    }

    [Fact]
    public async Task A_draft_incident_or_an_empty_audience_cannot_be_prepared()
    {
        await using var db = database.NewContext();
        var draft = await CampaignHost.AddIncidentAsync(db, IncidentStatus.Draft);
        var published = await CampaignHost.AddIncidentAsync(db);

        Assert.Equal(CampaignError.IncidentNotPublished, (await Campaigns.PrepareAsync(draft, AdminA, TestContext.Current.CancellationToken)).Error);
        Assert.Equal(CampaignError.EmptyAudience, (await Campaigns.PrepareAsync(published, AdminA, TestContext.Current.CancellationToken)).Error);
        Assert.Equal(CampaignError.NotFound, (await Campaigns.PrepareAsync(99_999, AdminA, TestContext.Current.CancellationToken)).Error);
    }

    [Fact]
    public async Task A_test_send_puts_both_languages_into_the_outbox_for_the_admin_only()
    {
        var id = (await Campaigns.PrepareAsync(incidentId, AdminA, TestContext.Current.CancellationToken)).Campaign!.Id;

        Assert.True((await Campaigns.SendTestAsync(id, AdminA, "ada@northwind-market.example", TestContext.Current.CancellationToken)).Succeeded);

        await using var db = database.NewContext();
        var messages = await db.OutboxMessages.OrderBy(m => m.Culture).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([("en", "ada@northwind-market.example"), ("fr", "ada@northwind-market.example")], messages.Select(m => (m.Culture, m.Recipient!)));
        Assert.All(messages, m => Assert.Contains(NoticeTemplates.TestReference, m.TextBody));
        Assert.All(messages, m => Assert.Equal(CampaignService.TestKind, m.Kind));
    }

    private async Task<List<string>> AuditActionsAsync()
    {
        await using var db = database.NewContext();
        return await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }

    private async Task<string> LastAuditActionAsync() => (await AuditActionsAsync()).Last();
}
