namespace Portal.Core.Branding;

/// <summary>The <c>Branding</c> section: the (fictional) brand shown in the UI and in every email.</summary>
public sealed class BrandingOptions
{
    public const string Section = "Branding";

    public string PortalName { get; set; } = "Northwind Market Care";

    public string CompanyName { get; set; } = "Northwind Market Ltd";

    public string ContactEmail { get; set; } = "privacy@northwind-market.example";

    /// <summary>The portal's public address, written in plain text into emails (never as a sign-in link).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5131";
}
