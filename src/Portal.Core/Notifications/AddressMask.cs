namespace Portal.Core.Notifications;

/// <summary>
/// The form of an address the genuine-check page may show to anyone holding a reference code: enough for its owner to
/// recognise it (<c>j•••@e•••.com</c>), too little to learn it.
/// </summary>
public static class AddressMask
{
    private const string Hidden = "•••";

    /// <param name="normalizedAddress">An address from <c>AddressNormalizer</c> (one '@', a dotted domain).</param>
    public static string Mask(string normalizedAddress)
    {
        var at = normalizedAddress.LastIndexOf('@');
        var local = normalizedAddress[..at];
        var domain = normalizedAddress[(at + 1)..];
        var lastDot = domain.LastIndexOf('.');
        var tld = lastDot >= 0 ? domain[lastDot..] : "";
        return $"{FirstSymbol(local)}{Hidden}@{FirstSymbol(domain)}{Hidden}{tld}";
    }

    /// <summary>The first user-perceived character, so an accented or emoji first letter is not cut in half.</summary>
    private static string FirstSymbol(string text) =>
        text.Length == 0 ? "" : System.Globalization.StringInfo.GetNextTextElement(text);
}
