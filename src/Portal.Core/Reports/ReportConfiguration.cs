using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Identity;
using Portal.Core.Incidents;

namespace Portal.Core.Reports;

internal sealed class AbuseReportConfiguration : IEntityTypeConfiguration<AbuseReport>
{
    /// <summary>Submitted or In review (<see cref="ReportStates.IsOpen"/>), in SQL both providers read.</summary>
    private const string OpenFilter = "State IN (0, 1)";

    public void Configure(EntityTypeBuilder<AbuseReport> builder)
    {
        builder.Property(r => r.Reference).HasMaxLength(ReportReference.Length).IsFixedLength().IsUnicode(false);
        builder.HasIndex(r => r.Reference).IsUnique();
        builder.Property(r => r.ReporterId).HasMaxLength(450);
        builder.Property(r => r.ClaimedSeller).HasMaxLength(AbuseReport.SellerMaxLength);
        builder.Property(r => r.SenderAddress).HasMaxLength(AbuseReport.AddressMaxLength);
        builder.Property(r => r.SenderDomain).HasMaxLength(AbuseReport.DomainMaxLength);
        builder.Property(r => r.ReturnPathDomain).HasMaxLength(AbuseReport.DomainMaxLength);
        builder.Property(r => r.DkimDomain).HasMaxLength(AbuseReport.DomainMaxLength);
        builder.Property(r => r.OriginatingIp).HasMaxLength(AbuseReport.IpMaxLength);
        builder.Property(r => r.Subject).HasMaxLength(AbuseReport.SubjectMaxLength);
        builder.Property(r => r.MessageId).HasMaxLength(AbuseReport.MessageIdMaxLength);
        builder.Property(r => r.AssigneeId).HasMaxLength(450);
        builder.Property(r => r.MessageSha256).HasMaxLength(64).IsFixedLength().IsUnicode(false);

        // My reports (newest first), the duplicate checks by Message-ID, and the triage queue's filters.
        builder.HasIndex(r => new { r.ReporterId, r.CreatedAt });
        builder.HasIndex(r => r.MessageId);
        builder.HasIndex(r => new { r.State, r.CreatedAt });
        builder.HasIndex(r => new { r.AssigneeId, r.State, r.CreatedAt });
        builder.HasIndex(r => r.DueAt);

        // The queue on a million reports (TriageQueryPlanTests, the triage-queue benchmark): every standard view reads
        // its first page in index order and its tab counts from a covering index, so neither sorts nor scans the table.
        // The tab counts of the whole queue: the narrowest index that holds the state.
        builder.HasIndex(r => r.State, "IX_AbuseReports_State_Count");
        // State ascending, newest first within a state (descending is IX_AbuseReports_State_CreatedAt read backwards).
        builder.HasIndex(r => new { r.State, r.CreatedAt, r.Id }, "IX_AbuseReports_State_Newest").IsDescending(false, true, true);
        // Newest or oldest first, and a received-date range with its counts.
        builder.HasIndex(r => new { r.CreatedAt, r.Id, r.State });
        builder.HasIndex(r => new { r.IncidentId, r.CreatedAt });
        builder.HasIndex(r => new { r.IncidentId, r.State });
        // The open reports (the saved views) by assignee, and the overdue ones (sorted among themselves) with their counts. The filter is
        // written as EF writes the open-only condition, so SQLite sees that the query implies it.
        builder.HasIndex(r => new { r.AssigneeId, r.CreatedAt }, "IX_AbuseReports_Open_AssigneeId_CreatedAt").HasFilter(OpenFilter);
        builder.HasIndex(r => new { r.State, r.DueAt, r.CreatedAt }, "IX_AbuseReports_Open_State_DueAt").HasFilter(OpenFilter);
        builder.HasIndex(r => r.SellerId);
        builder.HasIndex(r => r.SenderDomain);
        builder.HasIndex(r => r.DkimDomain);
        builder.HasIndex(r => r.ReturnPathDomain);
        builder.HasIndex(r => r.OriginatingIp);
        // "Duplicates of this report". No foreign key (ReportTriage checks the target exists): adding one to this table
        // would make SQLite rebuild it, outside a transaction, on upgrade.
        builder.HasIndex(r => r.DuplicateOfId);

        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Incident>().WithMany().HasForeignKey(r => r.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AbuseReport>().WithMany().HasForeignKey(r => r.SameMessageAsId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Events).WithOne().HasForeignKey(e => e.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Messages).WithOne().HasForeignKey(m => m.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReportEventConfiguration : IEntityTypeConfiguration<ReportEvent>
{
    public void Configure(EntityTypeBuilder<ReportEvent> builder)
    {
        builder.Property(e => e.Text).HasMaxLength(ReportEvent.TextMaxLength);
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.HasIndex(e => new { e.ReportId, e.At });
    }
}

internal sealed class ReportMessageConfiguration : IEntityTypeConfiguration<ReportMessage>
{
    public void Configure(EntityTypeBuilder<ReportMessage> builder)
    {
        builder.Property(m => m.FileName).HasMaxLength(ReportMessage.FileNameMaxLength);
        builder.Property(m => m.Sha256).HasMaxLength(64).IsFixedLength().IsUnicode(false);
        builder.Property(m => m.MessageId).HasMaxLength(AbuseReport.MessageIdMaxLength);
        builder.HasOne(m => m.Content).WithOne().HasForeignKey<ReportMessageContent>(c => c.ReportMessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReportMessageContentConfiguration : IEntityTypeConfiguration<ReportMessageContent>
{
    public void Configure(EntityTypeBuilder<ReportMessageContent> builder)
    {
        builder.HasKey(c => c.ReportMessageId);
        builder.Property(c => c.ReportMessageId).ValueGeneratedNever();
    }
}

internal sealed class ReportLinkConfiguration : IEntityTypeConfiguration<ReportLink>
{
    public void Configure(EntityTypeBuilder<ReportLink> builder)
    {
        builder.Property(l => l.CreatedById).HasMaxLength(450);
        // One row per pair, the lower id first; the second index finds the links of the higher one.
        builder.HasIndex(l => new { l.ReportId, l.RelatedId }).IsUnique();
        builder.HasIndex(l => l.RelatedId);
        builder.ToTable(t => t.HasCheckConstraint("CK_ReportLinks_Order", "ReportId < RelatedId"));
        builder.HasOne<AbuseReport>().WithMany().HasForeignKey(l => l.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AbuseReport>().WithMany().HasForeignKey(l => l.RelatedId).OnDelete(DeleteBehavior.Restrict);
    }
}
