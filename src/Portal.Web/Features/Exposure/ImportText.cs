namespace Portal.Web.Features.Exposure;

/// <summary>Marker for the affected-list import's strings (ImportText.resx, ImportText.fr.resx).</summary>
public sealed class ImportText;
