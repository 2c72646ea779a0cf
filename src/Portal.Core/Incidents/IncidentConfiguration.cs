using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Incidents;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.Property(i => i.Slug).HasMaxLength(Incident.SlugMaxLength);
        builder.HasIndex(i => i.Slug).IsUnique();
        builder.Property(i => i.ContactEmail).HasMaxLength(Incident.ContactEmailMaxLength);
        builder.ComplexProperty(i => i.Title, Localized(Incident.TitleMaxLength));
        builder.ComplexProperty(i => i.Summary, Localized(Incident.SummaryMaxLength));
        builder.ComplexProperty(i => i.DataExposed, Localized(Incident.DataMaxLength));
        builder.ComplexProperty(i => i.DataNotExposed, Localized(Incident.DataMaxLength));
        builder.ComplexProperty(i => i.Advice, Localized(Incident.AdviceMaxLength));
        builder.HasMany(i => i.Measures).WithOne().HasForeignKey(m => m.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }

    internal static Action<ComplexPropertyBuilder<LocalizedText>> Localized(int maxLength) => text =>
    {
        text.Property(t => t.En).HasMaxLength(maxLength);
        text.Property(t => t.Fr).HasMaxLength(maxLength);
    };
}

internal sealed class IncidentMeasureConfiguration : IEntityTypeConfiguration<IncidentMeasure>
{
    public void Configure(EntityTypeBuilder<IncidentMeasure> builder) =>
        builder.ComplexProperty(m => m.Description, IncidentConfiguration.Localized(IncidentMeasure.DescriptionMaxLength));
}
