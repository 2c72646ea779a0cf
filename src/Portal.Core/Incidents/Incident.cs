namespace Portal.Core.Incidents;

public enum IncidentStatus
{
    Draft = 0,
    Published = 1,
}

/// <summary>A data incident and its public notice (what happened, when, which data, what was done, what to do).</summary>
public class Incident
{
    public const int SlugMaxLength = 80;
    public const int TitleMaxLength = 300;
    public const int SummaryMaxLength = 8000;
    public const int DataMaxLength = 4000;
    public const int AdviceMaxLength = 8000;
    public const int ContactEmailMaxLength = 256;

    public int Id { get; set; }

    public required string Slug { get; set; }

    public IncidentStatus Status { get; set; }

    public LocalizedText Title { get; set; } = new();

    public LocalizedText Summary { get; set; } = new();

    public LocalizedText DataExposed { get; set; } = new();

    /// <summary>What was not exposed (passwords, payment data, …): as much a part of a specific notice as what was.</summary>
    public LocalizedText DataNotExposed { get; set; } = new();

    public LocalizedText Advice { get; set; } = new();

    public DateOnly? OccurredOn { get; set; }

    public DateOnly? DiscoveredOn { get; set; }

    public DateOnly? DisclosedOn { get; set; }

    public string ContactEmail { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<IncidentMeasure> Measures { get; set; } = [];
}

/// <summary>One dated entry of the incident's action log ("employee dismissed", "seller banned", …).</summary>
public class IncidentMeasure
{
    public const int DescriptionMaxLength = 1000;

    public int Id { get; set; }

    public int IncidentId { get; set; }

    public DateOnly On { get; set; }

    public LocalizedText Description { get; set; } = new();
}
