using Portal.Core.Exposure;

namespace Portal.Core.Tests.Exposure;

public sealed class ExposureKeyTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("portal-key-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public void The_configured_key_is_used_everywhere()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        Assert.Equal(key, ExposureKey.Load(new ExposureOptions { HashKey = Convert.ToBase64String(key) }, isDevelopment: false, folder.FullName));
        Assert.Empty(folder.GetFiles());
    }

    [Fact]
    public void Outside_development_a_missing_key_stops_the_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ExposureKey.Load(new ExposureOptions(), isDevelopment: false, folder.FullName));

        Assert.Contains("Exposure:HashKey", error.Message);
    }

    [Theory]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64!")]
    public void Short_or_malformed_keys_are_refused(string configured)
    {
        Assert.Throws<InvalidOperationException>(() => ExposureKey.Load(new ExposureOptions { HashKey = configured }, isDevelopment: true, folder.FullName));
    }

    [Fact]
    public void In_development_a_key_is_generated_once_and_kept()
    {
        var first = ExposureKey.Load(new ExposureOptions(), isDevelopment: true, folder.FullName);
        var second = ExposureKey.Load(new ExposureOptions(), isDevelopment: true, folder.FullName);

        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
    }
}
