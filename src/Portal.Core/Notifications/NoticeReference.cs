using System.Security.Cryptography;

namespace Portal.Core.Notifications;

/// <summary>
/// Reference codes of the form <c>N-XXXX-XXXX</c>: eight characters from a cryptographic RNG over 32 symbols that
/// cannot be mistaken for one another (no 0/O, 1/I), so 40 bits that a reader can copy from a printed email.
/// </summary>
public static class NoticeReference
{
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    public const int Length = 11;

    public static string New()
    {
        Span<char> code = stackalloc char[Length];
        code[0] = 'N';
        code[1] = '-';
        code[6] = '-';
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        for (var i = 0; i < 8; i++)
        {
            // 32 symbols: the low five bits of a random byte are uniform, so there is no modulo bias.
            code[i < 4 ? 2 + i : 3 + i] = Alphabet[random[i] & 31];
        }

        return new string(code);
    }

    /// <summary>
    /// The canonical form of what someone typed (case, spaces and dashes ignored, the "N" prefix optional), or null
    /// when it cannot be a reference at all.
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return null;
        }

        var text = input.Trim().ToUpperInvariant();
        // "N-…" or "N …": the prefix is written, so the rest must be the whole code (a missing symbol is not guessed).
        if (text.Length > 1 && text[0] == 'N' && !char.IsLetterOrDigit(text[1]))
        {
            text = text[1..];
        }

        var symbols = new string([.. text.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '‐' or '–'))]);
        if (symbols.Length == 9 && symbols[0] == 'N')
        {
            symbols = symbols[1..];
        }

        return symbols.Length == 8 && symbols.All(c => Alphabet.Contains(c))
            ? $"N-{symbols[..4]}-{symbols[4..]}"
            : null;
    }
}
