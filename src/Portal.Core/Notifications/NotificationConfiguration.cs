using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Exposure;
using Portal.Core.Incidents;

namespace Portal.Core.Notifications;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.Property(c => c.PreparedById).HasMaxLength(450);
        builder.Property(c => c.PreparedByName).HasMaxLength(Campaign.ActorNameMaxLength);
        builder.Property(c => c.ApprovedById).HasMaxLength(450);
        builder.Property(c => c.ApprovedByName).HasMaxLength(Campaign.ActorNameMaxLength);
        // Every move is an UPDATE … WHERE State = the state it was read in: of two admins clicking at once, one wins.
        builder.Property(c => c.State).IsConcurrencyToken();
        // At most one campaign per incident that is not completed or cancelled (both providers read this filter).
        builder.HasIndex(c => c.IncidentId).IsUnique().HasFilter("State < 4");
        builder.HasOne<Incident>().WithMany().HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Templates).WithOne().HasForeignKey(t => t.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CampaignTemplateConfiguration : IEntityTypeConfiguration<CampaignTemplate>
{
    public void Configure(EntityTypeBuilder<CampaignTemplate> builder)
    {
        builder.HasKey(t => new { t.CampaignId, t.Culture });
        builder.Property(t => t.Culture).HasMaxLength(10);
        builder.Property(t => t.Subject).HasMaxLength(400);
    }
}

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> builder)
    {
        builder.Property(n => n.Reference).HasMaxLength(NoticeReference.Length).IsFixedLength().IsUnicode(false);
        builder.Property(n => n.AddressHash).HasMaxLength(ExposureHasher.HashLength).IsFixedLength();
        builder.Property(n => n.MaskedAddress).HasMaxLength(Notice.MaskedAddressMaxLength);
        builder.Property(n => n.Culture).HasMaxLength(10);
        builder.Property(n => n.FailureReply).HasMaxLength(Notice.FailureReplyMaxLength);
        builder.HasIndex(n => n.Reference).IsUnique();
        // One notice per address and campaign, even if two instances queue the same chunk.
        builder.HasIndex(n => new { n.CampaignId, n.ExposedAddressId }).IsUnique();
        // The sender's claim (due, queued notices in order), the progress counts, and support's lookup by hash.
        builder.HasIndex(n => new { n.State, n.NextAttemptAt });
        builder.HasIndex(n => new { n.CampaignId, n.State });
        builder.HasIndex(n => n.AddressHash);
        builder.HasIndex(n => n.LeaseId);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(n => n.CampaignId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ExposedAddress>().WithMany().HasForeignKey(n => n.ExposedAddressId).OnDelete(DeleteBehavior.Restrict);
    }
}
