using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Web.Features.Email;

namespace Portal.Web.Tests.Email;

public sealed class MailboxMessageViewTests : IAsyncDisposable
{
    private const string HostileHtml = "<html lang=\"en\"><body><p>Hello</p><script>alert(1)</script><img src=x onerror=alert(2)></body></html>";

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("portal-mailbox-view-");
    private readonly BunitContext context = new();

    public MailboxMessageViewTests()
    {
        context.Services.AddMudServices();
        context.Services.AddLocalization();
        context.Services.AddSingleton(new PickupMailbox(folder.FullName));
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        EmlFiles.Write(folder.FullName, "message.eml", "Reset your password", "sam@example.org", "en",
            new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero), HostileHtml, "Hello\nhttps://portal.example/reset?a=1&b=2");
    }

    [Fact]
    public void Html_part_is_shown_only_inside_a_fully_sandboxed_frame()
    {
        var cut = context.Render<MailboxMessageView>(p => p.Add(c => c.FileName, "message.eml"));

        var frame = cut.Find("iframe");
        Assert.Equal("", frame.GetAttribute("sandbox"));
        Assert.Equal(HostileHtml, frame.GetAttribute("srcdoc"));
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Equal("Reset your password", cut.Find("h2").TextContent.Trim());
    }

    [Fact]
    public void Text_part_and_headers_are_shown_as_they_are()
    {
        var cut = context.Render<MailboxMessageView>(p => p.Add(c => c.FileName, "message.eml"));

        cut.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Plain text", StringComparison.Ordinal)).Click();
        Assert.Equal("Hello\nhttps://portal.example/reset?a=1&b=2", cut.Find("pre").TextContent.ReplaceLineEndings("\n").TrimEnd());

        cut.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Headers", StringComparison.Ordinal)).Click();
        var headers = cut.FindAll("tbody tr").ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.QuerySelector("td")!.TextContent);
        Assert.Equal("Reset your password", headers["Subject"]);
        Assert.Equal("en", headers["Content-Language"]);
        Assert.Contains("@portal.test", headers["Message-Id"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.eml")]
    [InlineData("../message.eml")]
    [InlineData("/etc/passwd")]
    public void A_name_outside_the_folder_or_unknown_shows_not_found(string fileName)
    {
        var cut = context.Render<MailboxMessageView>(p => p.Add(c => c.FileName, fileName));

        Assert.Contains("not in the pickup folder", cut.Find(".mud-alert").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("iframe"));
    }

    public async ValueTask DisposeAsync()
    {
        await context.DisposeAsync();
        folder.Delete(recursive: true);
    }
}
