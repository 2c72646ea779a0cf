namespace Portal.Web.Features.Audit;

/// <summary>Marker for the audit log page's strings (AuditText.resx, AuditText.fr.resx).</summary>
public sealed class AuditText;
