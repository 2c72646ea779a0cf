namespace Portal.Web.Features.Sellers;

/// <summary>Marker for the seller pages' strings (SellersText.resx, SellersText.fr.resx).</summary>
public sealed class SellersText;
