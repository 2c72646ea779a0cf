using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Exposure;

/// <summary>
/// HMAC-SHA256 of a normalised address under the server's secret key: the affected list is stored only in this
/// form, so a copy of the database alone does not reveal who was affected.
/// </summary>
public sealed class ExposureHasher
{
    public const int HashLength = 32;

    // One keyed HMAC per thread, reset after each use: re-keying for every address costs more than hashing it.
    private readonly ThreadLocal<IncrementalHash> hmac;
    private readonly byte[] key;

    public ExposureHasher(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The exposure hash key must be at least 256 bits.", nameof(key));
        }

        this.key = key.ToArray();
        hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, this.key));
    }

    /// <summary>
    /// A 256-bit key for another purpose (check codes, client networks), derived from this one with HKDF: the same
    /// secret protects them, but a value hashed for one purpose can never stand for another.
    /// </summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.Expand(HashAlgorithmName.SHA256, key, HashLength, Encoding.UTF8.GetBytes("Portal.Exposure." + purpose));

    /// <summary>Hashes an already normalised address.</summary>
    public byte[] Hash(string normalizedAddress)
    {
        var hash = new byte[HashLength];
        Hash(normalizedAddress, hash);
        return hash;
    }

    /// <summary>Allocation-free form for the import's hot loop.</summary>
    public void Hash(ReadOnlySpan<char> normalizedAddress, Span<byte> destination)
    {
        var byteCount = Encoding.UTF8.GetByteCount(normalizedAddress);
        var buffer = byteCount <= 1024 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(normalizedAddress, buffer);
        var instance = hmac.Value!;
        instance.AppendData(buffer);
        instance.GetHashAndReset(destination);
    }
}
