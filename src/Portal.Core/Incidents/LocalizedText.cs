namespace Portal.Core.Incidents;

/// <summary>A text in the portal's two languages; stored as two columns of its owner.</summary>
public sealed class LocalizedText
{
    public string En { get; set; } = "";

    public string Fr { get; set; } = "";

    public string For(string culture) => culture.StartsWith("fr", StringComparison.OrdinalIgnoreCase) && Fr.Length > 0 ? Fr : En;
}
