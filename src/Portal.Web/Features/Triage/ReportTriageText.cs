namespace Portal.Web.Features.Triage;

/// <summary>Marker for the staff report page's strings (ReportTriageText.resx, ReportTriageText.fr.resx).</summary>
public sealed class ReportTriageText;
