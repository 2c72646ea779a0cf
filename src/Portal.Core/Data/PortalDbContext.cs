using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Email;
using Portal.Core.Exposure;
using Portal.Core.Identity;
using Portal.Core.Incidents;
using Portal.Core.Notifications;
using Portal.Core.Reports;
using Portal.Core.Sellers;

namespace Portal.Core.Data;

public class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Incident> Incidents => Set<Incident>();

    public DbSet<IncidentMeasure> IncidentMeasures => Set<IncidentMeasure>();

    public DbSet<ExposedAddress> ExposedAddresses => Set<ExposedAddress>();

    public DbSet<PendingNoticeAddress> PendingNoticeAddresses => Set<PendingNoticeAddress>();

    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();

    public DbSet<ExposureCheck> ExposureChecks => Set<ExposureCheck>();

    public DbSet<Campaign> Campaigns => Set<Campaign>();

    public DbSet<CampaignTemplate> CampaignTemplates => Set<CampaignTemplate>();

    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<AbuseReport> AbuseReports => Set<AbuseReport>();

    public DbSet<ReportEvent> ReportEvents => Set<ReportEvent>();

    public DbSet<ReportMessage> ReportMessages => Set<ReportMessage>();

    public DbSet<ReportMessageContent> ReportMessageContents => Set<ReportMessageContent>();

    public DbSet<ReportLink> ReportLinks => Set<ReportLink>();
    public DbSet<Seller> Sellers => Set<Seller>();

    public DbSet<SellerIdentifier> SellerIdentifiers => Set<SellerIdentifier>();

    public DbSet<SellerAction> SellerActions => Set<SellerAction>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAppendOnly();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAppendOnly();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>The audit log is append-only: an edit or delete through the context is a bug.</summary>
    private void GuardAppendOnly()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Audit entries are append-only.");
        }
    }
}
