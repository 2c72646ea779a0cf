using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Incidents;

namespace Portal.Core.Exposure;

internal sealed class ExposedAddressConfiguration : IEntityTypeConfiguration<ExposedAddress>
{
    public void Configure(EntityTypeBuilder<ExposedAddress> builder)
    {
        builder.Property(e => e.AddressHash).HasMaxLength(ExposureHasher.HashLength).IsFixedLength();
        builder.Property(e => e.Language).HasMaxLength(10);
        // One row per address and incident; the lookup after a verified code is by hash.
        builder.HasIndex(e => new { e.AddressHash, e.IncidentId }).IsUnique();
        builder.HasIndex(e => e.ImportBatchId);
        builder.HasOne<Incident>().WithMany().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PendingNoticeAddressConfiguration : IEntityTypeConfiguration<PendingNoticeAddress>
{
    public void Configure(EntityTypeBuilder<PendingNoticeAddress> builder)
    {
        builder.HasKey(p => p.ExposedAddressId);
        builder.Property(p => p.ExposedAddressId).ValueGeneratedNever();
        builder.Property(p => p.Address).HasMaxLength(AddressNormalizer.MaxLength);
        builder.HasOne<ExposedAddress>().WithOne().HasForeignKey<PendingNoticeAddress>(p => p.ExposedAddressId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> builder)
    {
        builder.Property(b => b.FileName).HasMaxLength(260);
        builder.Property(b => b.CreatedById).HasMaxLength(450);
        builder.Property(b => b.Error).HasMaxLength(2000);
        builder.HasIndex(b => new { b.IncidentId, b.CreatedAt });
        builder.HasOne<Incident>().WithMany().HasForeignKey(b => b.IncidentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ExposureCheckConfiguration : IEntityTypeConfiguration<ExposureCheck>
{
    public void Configure(EntityTypeBuilder<ExposureCheck> builder)
    {
        builder.Property(c => c.Id).HasMaxLength(ExposureCheck.IdLength).IsFixedLength().IsUnicode(false);
        builder.Property(c => c.AddressHash).HasMaxLength(ExposureHasher.HashLength).IsFixedLength();
        builder.Property(c => c.CodeHash).HasMaxLength(ExposureHasher.HashLength).IsFixedLength();
        builder.Property(c => c.IpBucket).HasMaxLength(ExposureCheck.IpBucketLength).IsFixedLength();
        builder.Property(c => c.Culture).HasMaxLength(10);
        // The per-address limit counts an address's recent checks; the clean-up deletes old ones.
        builder.HasIndex(c => new { c.AddressHash, c.CreatedAt });
        builder.HasIndex(c => c.CreatedAt);
    }
}
