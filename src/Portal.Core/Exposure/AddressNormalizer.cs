using System.Globalization;
using System.Text;

namespace Portal.Core.Exposure;

public enum AddressProblem
{
    None,
    Empty,
    TooLong,
    NoAtSign,
    EmptyLocalPart,
    InvalidLocalPart,
    InvalidDomain,
}

/// <summary>The canonical form of an email address, or why there is none.</summary>
public readonly record struct NormalizedAddress(string? Value, AddressProblem Problem)
{
    public bool IsValid => Problem == AddressProblem.None;
}

/// <summary>
/// Puts an address into the one form that is hashed and compared: trimmed, Unicode NFC, lower case, and the
/// domain in its ASCII (IDNA) form, so "Jo@Exämple.COM " and "jo@xn--exmple-cua.com" are the same address.
/// </summary>
public static class AddressNormalizer
{
    /// <summary>RFC 5321's limit on a forward path.</summary>
    public const int MaxLength = 254;

    private const int MaxLocalPartLength = 64;

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    public static NormalizedAddress Normalize(ReadOnlySpan<char> input)
    {
        var trimmed = input.Trim();
        if (trimmed.IsEmpty)
        {
            return new(null, AddressProblem.Empty);
        }

        if (trimmed.Length > MaxLength * 2)
        {
            return new(null, AddressProblem.TooLong);
        }

        var text = trimmed.ToString();
        if (!text.IsNormalized(NormalizationForm.FormC))
        {
            text = text.Normalize(NormalizationForm.FormC);
        }

        var at = text.LastIndexOf('@');
        if (at < 0)
        {
            return new(null, AddressProblem.NoAtSign);
        }

        if (at == 0)
        {
            return new(null, AddressProblem.EmptyLocalPart);
        }

        var local = text[..at].ToLowerInvariant();
        if (local.Length > MaxLocalPartLength || !IsValidLocalPart(local))
        {
            return new(null, AddressProblem.InvalidLocalPart);
        }

        if (ToAsciiDomain(text[(at + 1)..]) is not { } domain)
        {
            return new(null, AddressProblem.InvalidDomain);
        }

        var address = $"{local}@{domain}";
        return address.Length > MaxLength ? new(null, AddressProblem.TooLong) : new(address, AddressProblem.None);
    }

    private static bool IsValidLocalPart(string local)
    {
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            // Printable ASCII "atext" and dots, or any non-ASCII letter (SMTPUTF8 addresses); no spaces, quotes or controls.
            var allowed = c > 127
                ? !char.IsControl(c) && !char.IsWhiteSpace(c)
                : char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c);
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }

    private static string? ToAsciiDomain(string domain)
    {
        if (domain.Length == 0 || domain.EndsWith('.') || !domain.Contains('.'))
        {
            return null;
        }

        try
        {
            var ascii = Idn.GetAscii(domain).ToLowerInvariant();
            return ascii.Length <= 253 && ascii.Split('.').All(label => label.Length is > 0 and <= 63) ? ascii : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
