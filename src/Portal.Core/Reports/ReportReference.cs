using System.Security.Cryptography;

namespace Portal.Core.Reports;

/// <summary>
/// Public report references, <c>AR-XXXX-XXXX</c>: eight characters drawn by a cryptographic RNG from an alphabet
/// without look-alikes (no I, L, O, U), so they can be read out on the phone and reveal no count or order.
/// </summary>
public static class ReportReference
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 12;

    public static string New()
    {
        Span<char> code = stackalloc char[8];
        RandomNumberGenerator.GetItems(Alphabet, code);
        return $"AR-{code[..4]}-{code[4..]}";
    }

    /// <summary>The canonical form of a typed reference (trimmed, upper case), or null when it cannot be one.</summary>
    public static string? Normalize(string? value)
    {
        var candidate = value?.Trim().ToUpperInvariant();
        if (candidate is not { Length: Length } || !candidate.StartsWith("AR-", StringComparison.Ordinal) || candidate[7] != '-')
        {
            return null;
        }

        return candidate.AsSpan(3, 4).ContainsAnyExcept(Alphabet) || candidate.AsSpan(8).ContainsAnyExcept(Alphabet) ? null : candidate;
    }
}
