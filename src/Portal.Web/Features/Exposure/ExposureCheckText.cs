namespace Portal.Web.Features.Exposure;

/// <summary>Marker for the exposure check's strings (ExposureCheckText.resx, ExposureCheckText.fr.resx).</summary>
public sealed class ExposureCheckText;
