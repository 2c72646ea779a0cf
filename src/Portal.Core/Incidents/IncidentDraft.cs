namespace Portal.Core.Incidents;

/// <summary>The editable content of an incident: what the admin form binds to and the service validates and stores.</summary>
public sealed class IncidentDraft
{
    public string Slug { get; set; } = "";

    public LocalizedText Title { get; set; } = new();

    public LocalizedText Summary { get; set; } = new();

    public LocalizedText DataExposed { get; set; } = new();

    public LocalizedText DataNotExposed { get; set; } = new();

    public LocalizedText Advice { get; set; } = new();

    public DateOnly? OccurredOn { get; set; }

    public DateOnly? DiscoveredOn { get; set; }

    public DateOnly? DisclosedOn { get; set; }

    public string ContactEmail { get; set; } = "";

    public List<MeasureDraft> Measures { get; set; } = [];

    /// <summary>A copy of a stored incident's content, so editing the draft never touches the entity.</summary>
    public static IncidentDraft From(Incident incident) => new()
    {
        Slug = incident.Slug,
        Title = Copy(incident.Title),
        Summary = Copy(incident.Summary),
        DataExposed = Copy(incident.DataExposed),
        DataNotExposed = Copy(incident.DataNotExposed),
        Advice = Copy(incident.Advice),
        OccurredOn = incident.OccurredOn,
        DiscoveredOn = incident.DiscoveredOn,
        DisclosedOn = incident.DisclosedOn,
        ContactEmail = incident.ContactEmail,
        Measures = incident.Measures.Select(m => new MeasureDraft { Id = m.Id, On = m.On, Description = Copy(m.Description) }).ToList(),
    };

    /// <summary>An incident built from this draft, for a preview of the notice before anything is saved.</summary>
    public Incident ToPreview(IncidentStatus status) => new()
    {
        Slug = Slug,
        Status = status,
        Title = Copy(Title),
        Summary = Copy(Summary),
        DataExposed = Copy(DataExposed),
        DataNotExposed = Copy(DataNotExposed),
        Advice = Copy(Advice),
        OccurredOn = OccurredOn,
        DiscoveredOn = DiscoveredOn,
        DisclosedOn = DisclosedOn,
        ContactEmail = ContactEmail,
        Measures = Measures
            .Where(m => m.On is not null)
            .Select(m => new IncidentMeasure { On = m.On!.Value, Description = Copy(m.Description) })
            .ToList(),
    };

    internal static LocalizedText Copy(LocalizedText text) => new() { En = text.En, Fr = text.Fr };
}

/// <summary>One entry of the measures log being edited; <see cref="Id"/> is null for an entry not stored yet.</summary>
public sealed class MeasureDraft
{
    public int? Id { get; set; }

    public DateOnly? On { get; set; }

    public LocalizedText Description { get; set; } = new();
}
