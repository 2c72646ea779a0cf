namespace Portal.Core.Reports;

/// <summary>
/// Two reports an agent linked as related (same campaign, same seller under another name). The link has no direction:
/// it is stored once, with the lower report id in <see cref="ReportId"/>.
/// </summary>
public class ReportLink
{
    public long Id { get; set; }

    public long ReportId { get; set; }

    public long RelatedId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The staff member who linked them (a user id, no foreign key, like the assignee).</summary>
    public string? CreatedById { get; set; }
}
