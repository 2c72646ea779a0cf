using System.Net;
using AngleSharp.Html.Parser;
using Portal.Core.Identity;
using Portal.Web.Tests.Hosting;

namespace Portal.Web.Tests.Email;

public sealed class MailboxPageTests
{
    private static readonly DateTimeOffset Older = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Newer = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Anonymous_visitor_is_sent_to_sign_in()
    {
        await using var factory = new KestrelPortalFactory();
        using var client = factory.CreateHttpClient();

        using var response = await client.GetAsync("/admin/mailbox", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Contains("/Account/Login", location, StringComparison.Ordinal);
        Assert.Contains("ReturnUrl=%2Fadmin%2Fmailbox", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customer_cannot_see_the_mailbox()
    {
        await using var factory = new KestrelPortalFactory();
        using var client = factory.CreateHttpClient();
        WriteTwoMessages(factory.PickupFolder);
        await FormSignIn.CreateAccountAsync(factory.Services, "customer@portal.test", PortalRoles.Customer, withAuthenticator: false);
        await FormSignIn.SignInAsync(client, "customer@portal.test", null, "/");

        using var response = await client.GetAsync("/admin/mailbox", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/AccessDenied", new Uri(client.BaseAddress!, response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task Admin_reads_the_pickup_folder_newest_first_and_a_message_in_a_sandboxed_frame()
    {
        await using var factory = new KestrelPortalFactory();
        using var client = factory.CreateHttpClient();
        var (newer, _) = WriteTwoMessages(factory.PickupFolder);
        var key = await FormSignIn.CreateAccountAsync(factory.Services, "admin@portal.test", PortalRoles.Admin, withAuthenticator: true);
        var landing = await FormSignIn.SignInAsync(client, "admin@portal.test", key, "/admin/mailbox");
        Assert.Equal("/admin/mailbox", new Uri(client.BaseAddress!, landing).PathAndQuery);

        var list = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/admin/mailbox", TestContext.Current.CancellationToken));

        Assert.Equal("Development mailbox", list.QuerySelector("h1")!.TextContent.Trim());
        var rows = list.QuerySelectorAll("tr[data-file]").Select(r => r.GetAttribute("data-file")).ToList();
        Assert.Equal([Path.GetFileName(newer), "older.eml"], rows);
        Assert.Contains("Confirmez votre adresse e-mail", list.QuerySelector("tr[data-file]")!.TextContent, StringComparison.Ordinal);

        var message = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(
            $"/admin/mailbox?message={Uri.EscapeDataString(Path.GetFileName(newer))}", TestContext.Current.CancellationToken));
        var frame = message.QuerySelector("iframe")!;
        Assert.Equal("", frame.GetAttribute("sandbox"));
        Assert.Contains("<script>alert(1)</script>", frame.GetAttribute("srcdoc"), StringComparison.Ordinal);
        // The message's own script is only ever inside the sandboxed frame, never in the portal's page.
        Assert.DoesNotContain(message.QuerySelectorAll("script"), s => s.TextContent.Contains("alert(1)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outside_development_the_page_does_not_exist_even_for_an_admin()
    {
        await using var factory = new KestrelPortalFactory("Production");
        using var client = factory.CreateHttpClient();
        WriteTwoMessages(factory.PickupFolder);
        var key = await FormSignIn.CreateAccountAsync(factory.Services, "admin@portal.test", PortalRoles.Admin, withAuthenticator: true);
        await FormSignIn.SignInAsync(client, "admin@portal.test", key, "/admin");

        using var response = await client.GetAsync("/admin/mailbox", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Confirm your email address", body, StringComparison.Ordinal);
    }

    private static (string Newer, string Older) WriteTwoMessages(string folder) =>
    (
        EmlFiles.Write(folder, $"{Guid.NewGuid():N}.eml", "Confirmez votre adresse e-mail pour Northwind Market Care", "zoe@example.org", "fr", Newer,
            "<html lang=\"fr\"><body><p>Bonjour</p><script>alert(1)</script></body></html>", "Bonjour"),
        EmlFiles.Write(folder, "older.eml", "Confirm your email address for Northwind Market Care", "sam@example.org", "en", Older,
            "<html lang=\"en\"><body><p>Hello</p></body></html>", "Hello")
    );
}
