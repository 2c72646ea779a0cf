namespace Portal.Web.Features.Staff;

/// <summary>Marker for the staff page's strings (StaffText.resx, StaffText.fr.resx).</summary>
public sealed class StaffText;
