using System.Security.Cryptography;

namespace Portal.Core.Exposure;

/// <summary>Where the affected list's HMAC key comes from: configuration, or (Development only) a generated file.</summary>
public static class ExposureKey
{
    public const string DevelopmentKeyFile = "exposure-hash.key";

    public static byte[] Load(ExposureOptions options, bool isDevelopment, string dataFolder)
    {
        if (!string.IsNullOrWhiteSpace(options.HashKey))
        {
            return Decode(options.HashKey, "Exposure:HashKey");
        }

        if (!isDevelopment)
        {
            throw new InvalidOperationException(
                "Exposure:HashKey is required outside Development: base64 of at least 32 random bytes, kept secret and never changed.");
        }

        var path = Path.Combine(dataFolder, DevelopmentKeyFile);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataFolder);
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        return Decode(File.ReadAllText(path).Trim(), path);
    }

    private static byte[] Decode(string base64, string source)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            return key.Length >= 32 ? key : throw new InvalidOperationException($"{source} must hold at least 32 bytes; it holds {key.Length}.");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{source} is not valid base64.");
        }
    }
}
