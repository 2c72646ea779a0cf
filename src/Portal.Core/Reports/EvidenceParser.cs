using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Cryptography;
using MimeKit.Utils;

namespace Portal.Core.Reports;

public enum EvidenceError
{
    Empty,
    TooLarge,
    /// <summary>Not a MIME message at all (binary, an archive, plain text without headers).</summary>
    NotAMessage,
    /// <summary>Headers that cannot be read as an email's (no sender, garbled lines).</summary>
    BrokenHeaders,
    /// <summary>Raw 8-bit bytes in the headers, which RFC 5322 forbids (a re-encoded or damaged export).</summary>
    EightBitHeaders,
}

/// <summary>The evidence of a message, or why it is not one; always with the SHA-256 of what was read.</summary>
public sealed record ParsedMessage(ReportEvidence? Evidence, EvidenceError? Error, string Sha256)
{
    public bool IsValid => Evidence is not null;
}

/// <summary>
/// Turns an uploaded .eml into <see cref="ReportEvidence"/> with MimeKit. The content decides, never the file name:
/// anything that is not a MIME message with sane headers is refused. The parser is persistent (parts stay windows on
/// the caller's buffer) and bodies are scanned through a pooled buffer, so a large message costs little memory.
/// </summary>
public static partial class EvidenceParser
{
    public const int MaxUrls = 200;
    public const int MaxUrlLength = 2000;

    /// <summary>Characters of each text part searched for URLs: links sit near the top of real messages.</summary>
    public const int MaxScannedChars = 1 << 20;

    private const int HeaderProbeBytes = 64 * 1024;

    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static ParsedMessage Parse(byte[] content, long maxBytes = long.MaxValue)
    {
        var sha = Sha256Hex(content);
        if (content.Length == 0)
        {
            return new(null, EvidenceError.Empty, sha);
        }

        if (content.Length > maxBytes)
        {
            return new(null, EvidenceError.TooLarge, sha);
        }

        if (!LooksLikeHeaders(content))
        {
            return new(null, EvidenceError.NotAMessage, sha);
        }

        // Persistent: the parts read from this stream later, so it stays open until the evidence is extracted.
        using var stream = new MemoryStream(content, writable: false);
        MimeMessage message;
        try
        {
            message = new MimeParser(ParserOptions.Default, stream, MimeFormat.Entity, persistent: true).ParseMessage();
        }
        catch (FormatException)
        {
            return new(null, EvidenceError.NotAMessage, sha);
        }

        if (message.Headers.Count == 0)
        {
            return new(null, EvidenceError.NotAMessage, sha);
        }

        if (message.Headers.Any(h => h.RawValue.AsSpan().IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0))
        {
            return new(null, EvidenceError.EightBitHeaders, sha);
        }

        if (message.From.Mailboxes.FirstOrDefault() is not { Address.Length: > 0 } || !HasMessageHeaders(message))
        {
            return new(null, EvidenceError.BrokenHeaders, sha);
        }

        return new(Extract(message), null, sha);
    }

    /// <summary>The bare address of "Name &lt;a@b&gt;" or "a@b", lower-cased; null when there is none.</summary>
    public static string? AddressOnly(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var address = MailboxAddress.TryParse(value, out var mailbox) ? mailbox.Address : value.Trim().Trim('<', '>');
        return address.Contains('@') ? address.ToLowerInvariant() : null;
    }

    public static string? DomainOf(string? address)
    {
        var bare = AddressOnly(address);
        return bare is null ? null : bare[(bare.LastIndexOf('@') + 1)..].TrimEnd('.');
    }

    /// <summary>
    /// A message starts with header lines. Archives, images and other binaries are refused before MimeKit sees them:
    /// their first block holds NUL or control bytes, or starts with a known signature.
    /// </summary>
    private static bool LooksLikeHeaders(byte[] content)
    {
        var probe = content.AsSpan(0, Math.Min(content.Length, HeaderProbeBytes));
        var end = probe.IndexOf("\n\n"u8);
        var endCrLf = probe.IndexOf("\r\n\r\n"u8);
        if (end < 0 || (endCrLf >= 0 && endCrLf < end))
        {
            end = endCrLf;
        }

        var headers = end >= 0 ? probe[..end] : probe;
        if (headers.StartsWith("PK\u0003\u0004"u8) || headers.StartsWith("%PDF"u8))
        {
            return false;
        }

        foreach (var b in headers)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\r' and not (byte)'\n')
            {
                return false;
            }
        }

        // The first line must be a header field ("Name: value"), as in every message a mail client saves.
        var newline = headers.IndexOf((byte)'\n');
        var firstLine = newline >= 0 ? headers[..newline] : headers;
        var colon = firstLine.IndexOf((byte)':');
        return colon > 0 && !firstLine[..colon].ContainsAny(" \t"u8);
    }

    /// <summary>A real email carries at least one of the headers every sending server adds.</summary>
    private static bool HasMessageHeaders(MimeMessage message) =>
        message.Headers.Contains(HeaderId.Date) || message.Headers.Contains(HeaderId.MessageId) || message.Headers.Contains(HeaderId.Received);

    private static ReportEvidence Extract(MimeMessage message)
    {
        var received = message.Headers.Where(h => h.Id == HeaderId.Received).Select(h => ParseReceived(h.Value)).ToList();
        var urls = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool hasHtml = false, hasText = false;
        foreach (var part in message.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment))
        {
            hasHtml |= part.IsHtml;
            hasText |= part.IsPlain;
            ScanUrls(part, urls, seen);
        }

        return new ReportEvidence
        {
            From = message.From.Mailboxes.Select(m => m.ToString()).ToList(),
            ReplyTo = message.ReplyTo.Mailboxes.Select(m => m.ToString()).ToList(),
            ReturnPath = message.Headers[HeaderId.ReturnPath]?.Trim(),
            To = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.ToString()).ToList(),
            DeliveredTo = message.Headers.Where(h => h.Field.Equals("Delivered-To", StringComparison.OrdinalIgnoreCase) || h.Field.Equals("X-Original-To", StringComparison.OrdinalIgnoreCase))
                .Select(h => h.Value.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Date = message.Headers.Contains(HeaderId.Date) ? message.Date : null,
            Subject = message.Subject,
            MessageId = message.MessageId,
            Received = received,
            OriginatingIp = Enumerable.Reverse(received).Select(h => h.Ip).FirstOrDefault(ip => ip is not null && IsPublic(IPAddress.Parse(ip))),
            Authentication = AuthenticationChecks(message),
            DkimSignatureDomains = message.Headers.Where(h => h.Id == HeaderId.DkimSignature)
                .Select(h => DkimTag(h.Value, "d")).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            ListUnsubscribe = message.Headers[HeaderId.ListUnsubscribe]?.Trim(),
            Urls = urls,
            Domains = urls.Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri.IdnHost.ToLowerInvariant() : null)
                .OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            HasHtmlBody = hasHtml,
            HasTextBody = hasText,
        };
    }

    private static ReceivedHop ParseReceived(string value)
    {
        var semicolon = value.LastIndexOf(';');
        DateTimeOffset? at = semicolon >= 0 && DateUtils.TryParse(value[(semicolon + 1)..].Trim(), out var date) ? date : null;
        var clauses = semicolon >= 0 ? value[..semicolon] : value;
        var by = ByClause().Match(clauses);
        var fromClause = by.Success ? clauses[..by.Index] : clauses;
        var from = FromHost().Match(fromClause);
        var ips = HopAddress().Matches(fromClause)
            .Select(m => IPAddress.TryParse(m.Groups["ip"].Value, out var ip) ? ip : null)
            .OfType<IPAddress>()
            .ToList();
        var chosen = ips.FirstOrDefault(IsPublic) ?? ips.FirstOrDefault();
        return new ReceivedHop(
            from.Success ? from.Groups["host"].Value : null,
            chosen?.ToString(),
            by.Success ? by.Groups["host"].Value.TrimEnd('.') : null,
            at);
    }

    /// <summary>An address on the internet, not a private, loopback, link-local, shared (CGNAT) or unique-local one.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] is >= 64 and <= 127));
        }

        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal);
    }

    private static List<AuthenticationCheck> AuthenticationChecks(MimeMessage message)
    {
        var checks = new List<AuthenticationCheck>();
        // Header order: the topmost was added by the receiving provider, the one the reporter trusts.
        foreach (var header in message.Headers.Where(h => h.Id == HeaderId.AuthenticationResults))
        {
            if (!AuthenticationResults.TryParse(header.RawValue, out var results))
            {
                continue;
            }

            foreach (var result in results.Results)
            {
                var method = result.Method.ToLowerInvariant();
                if (method is not ("spf" or "dkim" or "dmarc"))
                {
                    continue;
                }

                var domain = method switch
                {
                    "spf" => Property(result, "smtp", "mailfrom") is { } mailFrom ? DomainOf(mailFrom) ?? mailFrom : Property(result, "smtp", "helo"),
                    "dkim" => Property(result, "header", "d") ?? DomainOf(Property(result, "header", "i")),
                    _ => Property(result, "header", "from"),
                };
                checks.Add(new AuthenticationCheck(method, result.Result.ToLowerInvariant(), domain?.ToLowerInvariant()));
            }
        }

        return checks;
    }

    private static string? Property(AuthenticationMethodResult result, string type, string name) =>
        result.Properties.FirstOrDefault(p => p.PropertyType.Equals(type, StringComparison.OrdinalIgnoreCase)
            && p.Property.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>A tag of a DKIM-Signature's tag list ("v=1; a=rsa-sha256; d=example.com; …").</summary>
    private static string? DkimTag(string value, string tag)
    {
        foreach (var pair in value.Split(';'))
        {
            var equals = pair.IndexOf('=');
            if (equals > 0 && pair[..equals].Trim().Equals(tag, StringComparison.OrdinalIgnoreCase))
            {
                return pair[(equals + 1)..].Trim().ToLowerInvariant();
            }
        }

        return null;
    }

    /// <summary>Decodes the part through a pooled buffer and collects its http(s) links, without building its text.</summary>
    private static void ScanUrls(TextPart part, List<string> urls, HashSet<string> seen)
    {
        if (part.Content is null || urls.Count >= MaxUrls)
        {
            return;
        }

        var buffer = ArrayPool<char>.Shared.Rent(MaxScannedChars);
        try
        {
            int length;
            using (var decoded = part.Content.Open())
            using (var reader = new StreamReader(decoded, CharsetOf(part), detectEncodingFromByteOrderMarks: false))
            {
                length = reader.ReadBlock(buffer, 0, MaxScannedChars);
            }

            var text = buffer.AsSpan(0, length);
            foreach (var match in Url().EnumerateMatches(text))
            {
                var url = text.Slice(match.Index, Math.Min(match.Length, MaxUrlLength)).TrimEnd(".,;:!?'\"");
                var value = part.IsHtml ? WebUtility.HtmlDecode(url.ToString()) : url.ToString();
                if (seen.Add(value))
                {
                    urls.Add(value);
                    if (urls.Count >= MaxUrls)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    internal static Encoding CharsetOf(TextPart part)
    {
        try
        {
            return part.ContentType.CharsetEncoding ?? Encoding.UTF8;
        }
        catch (NotSupportedException)
        {
            return Encoding.UTF8;
        }
    }

    [GeneratedRegex(@"https?://[^\s""'<>()\[\]{}\\^`|]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex(@"^\s*from\s+(?<host>[^\s()]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FromHost();

    [GeneratedRegex(@"\bby\s+(?<host>[^\s()]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ByClause();

    // "[203.0.113.5]", "[IPv6:2001:db8::1]", or a bare address in the TCP-info comment "(2603:10a6:208:15c::18)".
    [GeneratedRegex(@"\[(?:IPv6:)?(?<ip>[0-9a-fA-F:.]{3,45})\]|\((?<ip>[0-9a-fA-F:.]{7,45})\)|\s(?<ip>(?:\d{1,3}\.){3}\d{1,3})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HopAddress();
}
