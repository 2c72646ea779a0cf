namespace Portal.Core.Triage;

/// <summary>The <c>Triage</c> configuration section.</summary>
public sealed class TriageOptions
{
    public const string Section = "Triage";

    /// <summary>Hours after submission within which staff should first respond; later, an open report is overdue.</summary>
    public int FirstResponseHours { get; set; } = 24;
}
