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

    public ExposureHasher(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The exposure hash key must be at least 256 bits.", nameof(key));
        }

        var copy = key.ToArray();
        hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, copy));
    }

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
