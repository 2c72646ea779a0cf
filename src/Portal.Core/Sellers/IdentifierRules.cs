using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Core.Sellers;

/// <summary>Why an identifier was refused.</summary>
public enum IdentifierError
{
    None = 0,
    Empty,
    TooLong,
    InvalidDomain,
    InvalidAddress,
    InvalidStoreId,
}

/// <summary>
/// Identifiers are stored normalised so that one value has one spelling: trimmed and lower-case; domains in their
/// ASCII (punycode) form without a leading <c>@</c> or trailing dot; addresses without angle brackets.
/// </summary>
public static partial class IdentifierRules
{
    public const int StoreIdMaxLength = 100;

    public static (string? Value, IdentifierError Error) Normalise(SellerIdentifierKind kind, string? raw)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return (null, IdentifierError.Empty);
        }

        if (value.Length > SellerIdentifier.ValueMaxLength)
        {
            return (null, IdentifierError.TooLong);
        }

        return kind switch
        {
            SellerIdentifierKind.Domain or SellerIdentifierKind.DkimDomain => Domain(value.TrimStart('@')) is { } domain ? (domain, IdentifierError.None) : (null, IdentifierError.InvalidDomain),
            SellerIdentifierKind.Address => Address(value) is { } address ? (address, IdentifierError.None) : (null, IdentifierError.InvalidAddress),
            SellerIdentifierKind.StoreId => StoreId(value) is { } store ? (store, IdentifierError.None) : (null, IdentifierError.InvalidStoreId),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>A report's evidence value in the same form, for matching; null when it cannot be one.</summary>
    public static string? ForMatching(SellerIdentifierKind kind, string? value) => Normalise(kind, value).Value;

    private static string? Domain(string value)
    {
        string ascii;
        try
        {
            ascii = new IdnMapping().GetAscii(value.TrimEnd('.')).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        return ascii.Length <= 253 && DomainPattern().IsMatch(ascii) ? ascii : null;
    }

    private static string? Address(string value)
    {
        value = value.Trim('<', '>', ' ');
        var at = value.LastIndexOf('@');
        if (at <= 0 || at > 64 || value.AsSpan(0, at).ContainsAny(" \t\r\n<>\"(),;:[]\\") || value.IndexOf('@') != at)
        {
            return null;
        }

        return Domain(value[(at + 1)..]) is { } domain ? value[..at].ToLowerInvariant() + "@" + domain : null;
    }

    private static string? StoreId(string value) =>
        value.Length <= StoreIdMaxLength && !value.Any(char.IsControl) ? value.ToLowerInvariant() : null;

    /// <summary>Dot-separated labels of letters, digits and inner hyphens, at least two, the last not all digits.</summary>
    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z0-9-]*[a-z][a-z0-9-]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainPattern();
}
