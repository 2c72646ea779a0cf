namespace Portal.Web.Features.Incidents;

/// <summary>Marker for the incident feature's strings (IncidentText.resx, IncidentText.fr.resx).</summary>
public sealed class IncidentText;
