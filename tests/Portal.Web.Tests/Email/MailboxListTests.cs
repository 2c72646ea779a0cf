using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Web.Features.Email;

namespace Portal.Web.Tests.Email;

public sealed class MailboxListTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Older = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Newer = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("portal-mailbox-");
    private readonly BunitContext context = new();

    public MailboxListTests()
    {
        context.Services.AddMudServices();
        context.Services.AddLocalization();
        context.Services.AddSingleton(new PickupMailbox(folder.FullName));
        context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Lists_both_messages_newest_first_with_subject_recipient_and_language()
    {
        WriteTwoMessages();

        var cut = context.Render<MailboxList>();

        var rows = cut.FindAll("tr[data-file]");
        Assert.Equal(["newer.eml", "older.eml"], rows.Select(r => r.GetAttribute("data-file")));
        var cells = rows[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("Confirmez votre adresse e-mail", cells[0]);
        Assert.Contains("zoe@example.org", cells[1], StringComparison.Ordinal);
        Assert.Equal("FR", cells[3]);
        Assert.Equal("EN", rows[1].QuerySelectorAll("td")[3].TextContent.Trim());
        Assert.EndsWith("?message=newer.eml&page=1", rows[0].QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("Messages (2)", cut.Find("h2").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_selected_message_is_marked_as_current()
    {
        WriteTwoMessages();

        var cut = context.Render<MailboxList>(p => p.Add(c => c.Selected, "older.eml"));

        Assert.Equal("true", cut.Find("tr[data-file='older.eml'] a").GetAttribute("aria-current"));
        Assert.Null(cut.Find("tr[data-file='newer.eml'] a").GetAttribute("aria-current"));
    }

    [Fact]
    public void Pages_through_the_folder()
    {
        WriteTwoMessages();

        var first = context.Render<MailboxList>(p => p.Add(c => c.PageSize, 1));
        var second = context.Render<MailboxList>(p => p.Add(c => c.PageSize, 1).Add(c => c.Page, 2));

        Assert.Equal(["newer.eml"], first.FindAll("tr[data-file]").Select(r => r.GetAttribute("data-file")));
        Assert.Equal(["older.eml"], second.FindAll("tr[data-file]").Select(r => r.GetAttribute("data-file")));
        Assert.NotEmpty(first.FindAll(".mud-pagination"));
    }

    [Fact]
    public void Refresh_shows_a_message_written_after_the_list_was_shown()
    {
        WriteTwoMessages();
        var cut = context.Render<MailboxList>();

        EmlFiles.Write(folder.FullName, "latest.eml", "Reset your password", "sam@example.org", "en", Newer.AddHours(1), "<p>Reset</p>", "Reset");
        cut.FindAll("button").Single(b => b.TextContent.Contains("Refresh", StringComparison.Ordinal)).Click();

        Assert.Equal(["latest.eml", "newer.eml", "older.eml"], cut.FindAll("tr[data-file]").Select(r => r.GetAttribute("data-file")));
    }

    [Theory]
    [InlineData("en", "No messages yet.")]
    [InlineData("fr", "Aucun message pour l'instant.")]
    public void Empty_folder_shows_an_explanation_in_the_users_language(string culture, string expected)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var cut = context.Render<MailboxList>();

            Assert.Empty(cut.FindAll("tr[data-file]"));
            Assert.StartsWith(expected, cut.Find("[data-testid='mailbox-empty']").TextContent.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>The language comes from a Content-Language header in one, from the HTML's lang attribute in the other.</summary>
    private void WriteTwoMessages()
    {
        EmlFiles.Write(folder.FullName, "older.eml", "Confirm your email address", "sam@example.org", null, Older, "<html lang=\"en\"><p>Hello</p></html>", "Hello");
        EmlFiles.Write(folder.FullName, "newer.eml", "Confirmez votre adresse e-mail", "zoe@example.org", "fr", Newer, "<html><p>Bonjour</p></html>", "Bonjour");
    }

    public async ValueTask DisposeAsync()
    {
        await context.DisposeAsync();
        folder.Delete(recursive: true);
    }
}
