namespace Portal.Web.Features.Reports;

/// <summary>Marker for the report pages' strings (ReportPageText.resx, ReportPageText.fr.resx).</summary>
public sealed class ReportPageText;
