namespace Portal.Web.Features.Triage;

/// <summary>Marker for the triage pages' strings (TriageText.resx, TriageText.fr.resx).</summary>
public sealed class TriageText;
