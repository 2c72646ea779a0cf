namespace Portal.Web.Features.Faults;

/// <summary>Marker for the fault pages' strings (FaultText.resx, FaultText.fr.resx).</summary>
public sealed class FaultText;
