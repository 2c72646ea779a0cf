namespace Portal.Core.Reports;

/// <summary>Marker for the reports' shared wording (ReportText.resx, ReportText.fr.resx): states, outcomes, timeline, emails.</summary>
public sealed class ReportText;
