using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Web.Components.Account;

public static class AccountTokens
{
    /// <summary>Decodes a token from an emailed link; a truncated or edited link is a "no", not a server error.</summary>
    public static bool TryDecode(string? encoded, out string token)
    {
        token = "";
        if (string.IsNullOrEmpty(encoded))
        {
            return false;
        }

        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(encoded));
            return token.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
