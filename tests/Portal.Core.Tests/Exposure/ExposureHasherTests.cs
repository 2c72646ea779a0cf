using System.Security.Cryptography;
using System.Text;
using Portal.Core.Exposure;

namespace Portal.Core.Tests.Exposure;

public sealed class ExposureHasherTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Hash_is_hmac_sha256_of_the_utf8_address_under_the_key()
    {
        var expected = HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes("rené@example.com"));

        Assert.Equal(expected, new ExposureHasher(Key).Hash("rené@example.com"));
    }

    [Fact]
    public void Another_key_gives_another_hash()
    {
        var otherKey = Key.Select(b => (byte)(b ^ 0xff)).ToArray();

        Assert.NotEqual(new ExposureHasher(Key).Hash("jo@example.com"), new ExposureHasher(otherKey).Hash("jo@example.com"));
    }

    [Fact]
    public void Short_keys_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ExposureHasher(new byte[16]));
    }
}
