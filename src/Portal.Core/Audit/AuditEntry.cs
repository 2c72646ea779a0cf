namespace Portal.Core.Audit;

/// <summary>An append-only record of a staff or system action.</summary>
public class AuditEntry
{
    public const int SummaryMaxLength = 2000;

    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>User id of the actor, or null for the system.</summary>
    public string? ActorId { get; set; }

    public string? ActorName { get; set; }

    public required string Action { get; set; }

    public string? Target { get; set; }

    public required string Summary { get; set; }
}
