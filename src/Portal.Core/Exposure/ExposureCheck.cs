namespace Portal.Core.Exposure;

/// <summary>
/// A pending proof that someone owns an address: the address and the one-time code are known here only as keyed
/// hashes, so the table reveals neither who asked nor the code that was sent.
/// </summary>
public class ExposureCheck
{
    /// <summary>16 random bytes in lower-case hex (case-insensitive collations cannot fold two ids into one).</summary>
    public const int IdLength = 32;

    public const int IpBucketLength = 16;

    public required string Id { get; set; }

    /// <summary>HMAC-SHA256 of the normalised address under <c>Exposure:HashKey</c> (as in <see cref="ExposedAddress"/>).</summary>
    public required byte[] AddressHash { get; set; }

    /// <summary>HMAC-SHA256 of "check id:code" under a key derived from <c>Exposure:HashKey</c>.</summary>
    public required byte[] CodeHash { get; set; }

    /// <summary>A keyed hash of the requester's network (IPv4 /24, IPv6 /64), never the address itself; null when unknown.</summary>
    public byte[]? IpBucket { get; set; }

    /// <summary>The language the code email was written in ("en", "fr").</summary>
    public required string Culture { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public int AttemptsLeft { get; set; }

    /// <summary>When the right code was entered; a verified check cannot be used again.</summary>
    public DateTime? VerifiedAt { get; set; }
}
