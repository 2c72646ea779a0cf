namespace Portal.Web.Features.Admin;

/// <summary>Marker for the dashboard's strings (DashboardText.resx, DashboardText.fr.resx).</summary>
public sealed class DashboardText;
