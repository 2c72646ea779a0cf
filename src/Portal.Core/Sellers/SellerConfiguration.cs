using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Reports;

namespace Portal.Core.Sellers;

internal sealed class SellerConfiguration : IEntityTypeConfiguration<Seller>
{
    public void Configure(EntityTypeBuilder<Seller> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(Seller.NameMaxLength);
        builder.Property(s => s.Notes).HasMaxLength(Seller.NotesMaxLength);
        builder.HasIndex(s => s.Name);
        builder.HasMany(s => s.Identifiers).WithOne().HasForeignKey(i => i.SellerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Actions).WithOne().HasForeignKey(a => a.SellerId).OnDelete(DeleteBehavior.Cascade);
        // Deleting a seller leaves its reports, unlinked.
        builder.HasMany<AbuseReport>().WithOne().HasForeignKey(r => r.SellerId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SellerIdentifierConfiguration : IEntityTypeConfiguration<SellerIdentifier>
{
    public void Configure(EntityTypeBuilder<SellerIdentifier> builder)
    {
        builder.Property(i => i.Value).HasMaxLength(SellerIdentifier.ValueMaxLength);
        builder.HasIndex(i => new { i.Kind, i.Value }).IsUnique();
    }
}

internal sealed class SellerActionConfiguration : IEntityTypeConfiguration<SellerAction>
{
    public void Configure(EntityTypeBuilder<SellerAction> builder)
    {
        builder.Property(a => a.Reason).HasMaxLength(SellerAction.ReasonMaxLength);
        builder.Property(a => a.ActorId).HasMaxLength(450);
        builder.Property(a => a.ActorName).HasMaxLength(256);
        builder.HasIndex(a => new { a.SellerId, a.At });
    }
}
